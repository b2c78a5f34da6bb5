import { FlaskConical } from "lucide-react";

/** Across the top of every page of a demo instance: its accounts' password is public. */
export function DemoBanner() {
  return (
    <div
      role="note"
      aria-label="Demo instance"
      data-testid="demo-banner"
      className="flex items-center justify-center gap-2 border-b border-warn/25 bg-warn-bg px-4 py-1.5 text-center text-xs text-warn"
    >
      <FlaskConical className="size-3.5 shrink-0" aria-hidden />
      <p>
        <span className="font-semibold">Demo instance.</span> The demo accounts&apos; passwords are
        published: don&apos;t put real data here.
      </p>
    </div>
  );
}
