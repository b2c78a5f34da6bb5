"use client";

import Link from "next/link";
import { useState } from "react";
import { GateList } from "@/components/promotions/gate-list";
import { Badge } from "@/components/ui/badge";
import { CardHeader } from "@/components/ui/card";
import { Field, Select } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import type { ApiResult } from "@/lib/client/api";
import { useApi } from "@/lib/client/hooks";
import { promotionLinks } from "@/lib/endpoints/links";
import type { ChecklistDto } from "@/lib/schemas/checklist";
import type { Gate } from "@/lib/schemas/promotions";
import { ReadinessItems } from "./readiness-items";
import { intended, requirementsHref } from "./readiness-links";

type TargetFit = ApiResult<typeof promotionLinks.targets>["items"][number];

function fixesOf(g: Gate, slug: string, target: string) {
  switch (g.name) {
    case "eval_metrics":
      return [{ href: requirementsHref(slug), label: "Edit the requirements" }];
    case "target_fit":
      return [
        { href: `/targets/${target}`, label: "Open the target" },
        { href: requirementsHref(slug), label: "Edit the requirements" },
      ];
    case "no_critical_alerts":
      return [{ href: "/alerts", label: "Open the alerts" }];
    case "deliverable":
      return [
        { href: "#artifact", label: "Set the serving image" },
        { href: `/targets/${target}`, label: "Open the target" },
      ];
    default:
      return [];
  }
}

/**
 * What stands between this version and production: the gates for the target it is headed to
 * (a pending promotion's, else a production target), and the checklist's open required work,
 * each with a link to where it is fixed.
 */
export function ReadinessCard({
  slug,
  n,
  fits,
  checklist,
}: {
  slug: string;
  n: number;
  fits: TargetFit[];
  checklist: ChecklistDto;
}) {
  const candidates = intended(fits);
  const [target, setTarget] = useState(candidates[0]?.target);
  const gates = useApi(
    promotionLinks.gates,
    { params: { slug, n }, query: { target: target ?? "" } },
    { enabled: !!target },
  );
  const failing = gates.data?.gates.filter((g) => !g.passed && g.blocking) ?? [];

  return (
    <section
      id="readiness"
      aria-label="What blocks production"
      className="scroll-mt-4 rounded-lg border border-border bg-surface lg:col-span-2"
    >
      <CardHeader
        title="What blocks production"
        description="The gates a promotion would meet now, and the open work behind them."
        actions={
          gates.data ? (
            gates.data.passed ? (
              // The target is named in the picker below: a long name must not widen a phone.
              <Badge tone="ok">nothing blocks</Badge>
            ) : (
              <Badge tone="crit">
                {failing.length} blocking gate{failing.length === 1 ? " fails" : "s fail"}
              </Badge>
            )
          ) : null
        }
      />
      <div className="grid grid-cols-1 gap-5 p-4 md:grid-cols-2">
        <div className="space-y-3">
          {candidates.length === 0 ? (
            <p className="text-sm text-muted">
              No production target exists yet; an admin adds one under{" "}
              <Link href="/targets" className="text-accent hover:underline">
                Targets
              </Link>
              .
            </p>
          ) : (
            <Field label="Target" htmlFor="readiness-target">
              <Select
                id="readiness-target"
                value={target}
                onChange={(e) => setTarget(e.target.value)}
              >
                {candidates.map((c) => (
                  <option key={c.target} value={c.target}>
                    {c.name} ({c.environment}
                    {c.pendingPromotionId ? ", awaiting approval" : c.fits ? "" : ", does not fit"})
                  </option>
                ))}
              </Select>
            </Field>
          )}
          {!target ? null : gates.isPending ? (
            <div className="space-y-2" role="status" aria-label="Evaluating the gates">
              <Skeleton className="h-4 w-3/4" />
              <Skeleton className="h-4 w-2/3" />
            </div>
          ) : gates.isError ? (
            <p className="text-sm text-crit">Could not evaluate the gates: {gates.error.message}</p>
          ) : (
            <>
              <GateList gates={gates.data.gates} compact />
              {failing.flatMap((g) => fixesOf(g, slug, target)).length ? (
                <p className="flex flex-wrap gap-x-3 text-xs">
                  {failing
                    .flatMap((g) => fixesOf(g, slug, target))
                    .filter((f, i, all) => all.findIndex((x) => x.href === f.href) === i)
                    .map((f) => (
                      <Link key={f.href} href={f.href} className="text-accent hover:underline">
                        {f.label}
                      </Link>
                    ))}
                </p>
              ) : null}
            </>
          )}
        </div>
        <ReadinessItems slug={slug} n={n} checklist={checklist} />
      </div>
    </section>
  );
}
