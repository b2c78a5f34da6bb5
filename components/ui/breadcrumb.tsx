import Link from "next/link";
import { Fragment } from "react";

/** Models / slug / v3 — each step but the last is a link. */
export function Breadcrumb({
  steps,
}: {
  steps: { label: string; href?: string; mono?: boolean }[];
}) {
  return (
    <nav aria-label="Breadcrumb" className="mb-2 text-xs text-muted">
      {steps.map((s, i) => (
        <Fragment key={`${s.label}-${i}`}>
          {i > 0 ? " / " : null}
          {s.href ? (
            <Link href={s.href} className={s.mono ? "font-mono hover:text-fg" : "hover:text-fg"}>
              {s.label}
            </Link>
          ) : (
            <span className={s.mono ? "font-mono" : undefined}>{s.label}</span>
          )}
        </Fragment>
      ))}
    </nav>
  );
}
