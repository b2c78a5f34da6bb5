import Link from "next/link";
import { Button } from "./button";

/** The end of a GET filter form: Apply, and a link back to the unfiltered list once filtered. */
export function FilterActions({
  clearHref,
  showClear,
  clearLabel = "Clear",
}: {
  clearHref: string;
  showClear: boolean;
  clearLabel?: string;
}) {
  return (
    <>
      <Button type="submit" variant="secondary">
        Apply
      </Button>
      {showClear ? (
        <Link href={clearHref} className="text-sm text-muted hover:text-fg">
          {clearLabel}
        </Link>
      ) : null}
    </>
  );
}
