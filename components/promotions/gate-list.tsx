import { CheckCircle2, CircleAlert, XCircle } from "lucide-react";
import { RelativeTime } from "@/components/ui/relative-time";
import type { Gate } from "@/lib/schemas/promotions";
import { cn } from "@/lib/cn";

/** The gates of a promotion: pass/fail, blocking or advisory, and each reason it fails. */
export function GateList({ gates, compact }: { gates: Gate[]; compact?: boolean }) {
  return (
    <ul className="space-y-1.5" aria-label="Gates">
      {gates.map((g) => {
        const Icon = g.passed ? CheckCircle2 : g.blocking ? XCircle : CircleAlert;
        return (
          <li key={g.name} className="flex gap-2 text-sm">
            <Icon
              aria-hidden
              className={cn(
                "mt-0.5 size-4 shrink-0",
                g.passed ? "text-ok" : g.blocking ? "text-crit" : "text-warn",
              )}
            />
            <div className="min-w-0">
              <div>
                <span className="font-medium">{g.title}</span>
                <span className="sr-only">
                  {g.passed ? " passed" : g.blocking ? " failed (blocking)" : " not met (advisory)"}
                </span>
                {!g.blocking ? <span className="ml-1.5 text-xs text-muted">advisory</span> : null}
              </div>
              {!compact || !g.passed ? <div className="text-xs text-muted">{g.detail}</div> : null}
              {!g.passed && g.reasons.length ? (
                <ul className="mt-0.5 list-disc pl-4 text-xs text-muted">
                  {g.reasons.slice(0, 8).map((r) => (
                    <li key={r}>{r}</li>
                  ))}
                  {g.reasons.length > 8 ? <li>and {g.reasons.length - 8} more</li> : null}
                </ul>
              ) : null}
              {g.waivers?.length ? (
                <details className="mt-0.5 text-xs" data-testid="waivers">
                  <summary className="cursor-pointer text-warn">
                    {g.waivers.length} required item{g.waivers.length === 1 ? "" : "s"} waived
                  </summary>
                  <ul className="mt-1 space-y-1 pl-4">
                    {g.waivers.map((w) => (
                      <li key={w.item}>
                        <span className="font-medium">{w.item}</span>
                        <span className="text-muted">
                          {" "}
                          — {w.by ?? "unknown"}
                          {w.at ? (
                            <>
                              , <RelativeTime value={w.at} />
                            </>
                          ) : null}
                          : “{w.reason}”
                        </span>
                      </li>
                    ))}
                  </ul>
                </details>
              ) : null}
            </div>
          </li>
        );
      })}
    </ul>
  );
}
