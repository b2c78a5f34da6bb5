import { ArrowRight, TriangleAlert } from "lucide-react";
import Link from "next/link";
import { Badge, EnvironmentBadge, type Tone } from "@/components/ui/badge";
import { RelativeTime, TextWithTimes } from "@/components/ui/relative-time";
import { cn } from "@/lib/cn";
import type { PromotionDto } from "@/lib/schemas/promotions";
import { ChangeTable, DecisionButtons } from "./decision-buttons";
import { GateList } from "./gate-list";
import { PromotionChanges } from "./promotion-changes";

export const promotionTone: Record<string, Tone> = {
  pending: "warn",
  approved: "ok",
  rejected: "crit",
  cancelled: "neutral",
  expired: "neutral",
};

/** One promotion request: what, where, why, its gates, its votes, and the actions open to the viewer. */
export function PromotionCard({
  p,
  me,
  canApprove,
  isAdmin,
  headingLevel = 2,
}: {
  p: PromotionDto;
  me: string;
  canApprove: boolean;
  isAdmin: boolean;
  headingLevel?: 2 | 3;
}) {
  const H = headingLevel === 2 ? "h2" : "h3";
  const label = `${p.modelName} v${p.version} to ${p.targetName}`;
  const pending = p.status === "pending";
  return (
    <article
      id={`promotion-${p.id}`}
      aria-label={label}
      className="scroll-mt-20 rounded-lg border border-border bg-surface p-4 target:ring-2 target:ring-accent"
      data-status={p.status}
    >
      <header className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <H className="flex flex-wrap items-center gap-2 text-sm font-semibold">
            <Link href={`/models/${p.model}/versions/${p.version}`} className="hover:underline">
              {p.modelName} <span className="font-mono text-muted">v{p.version}</span>
            </Link>
            <ArrowRight aria-hidden className="size-3.5 text-muted" />
            <Link href={`/targets/${p.target}`} className="hover:underline">
              {p.targetName}
            </Link>
            <EnvironmentBadge environment={p.environment} />
          </H>
          <p className="mt-1 text-xs text-muted">
            Requested by {p.requestedBy.name} <RelativeTime value={p.createdAt} />
            {pending ? (
              <>
                {" "}
                · expires <RelativeTime value={p.expiresAt} />
              </>
            ) : p.decidedAt ? (
              <>
                {" "}
                · {p.status} <RelativeTime value={p.decidedAt} />
              </>
            ) : null}
          </p>
        </div>
        <div className="flex items-center gap-3">
          <div
            className="text-right"
            title={`${p.validApprovals} of ${p.requiredApprovals} approvals`}
          >
            <div className="text-xs tabular-nums text-muted">
              {p.validApprovals} / {p.requiredApprovals} approvals
            </div>
            <div aria-hidden className="mt-1 flex justify-end gap-1">
              {Array.from({ length: Math.max(p.requiredApprovals, 1) }, (_, i) => (
                <span
                  key={i}
                  className={cn(
                    "h-1.5 w-5 rounded-full",
                    i < p.validApprovals ? "bg-ok" : "bg-surface-2 ring-1 ring-border",
                  )}
                />
              ))}
            </div>
          </div>
          <Badge tone={promotionTone[p.status]}>{p.status}</Badge>
        </div>
      </header>

      <p className="mt-3 whitespace-pre-wrap text-sm">{p.reason}</p>

      {p.invalidatedReason && pending ? (
        <div
          role="note"
          className="mt-3 flex gap-2 rounded-md bg-warn-bg px-3 py-2 text-xs text-warn"
        >
          <TriangleAlert aria-hidden className="mt-0.5 size-3.5 shrink-0" />
          <span>
            <TextWithTimes text={p.invalidatedReason} />
          </span>
        </div>
      ) : null}

      {p.repins.length ? (
        <details
          className="mt-3 rounded-md border border-border px-3 py-2 text-xs"
          data-testid="repins"
        >
          <summary className="cursor-pointer font-medium">
            Changed {p.repins.length} time{p.repins.length === 1 ? "" : "s"} since it was requested
          </summary>
          <ol className="mt-2 space-y-3">
            {p.repins.map((r) => (
              <li key={r.toHash + r.at}>
                <div className="text-muted">
                  <RelativeTime value={r.at} /> by {r.by}
                </div>
                <ul className="my-1 list-disc pl-4">
                  {r.changes.map((c) => (
                    <li key={c}>{c}</li>
                  ))}
                </ul>
                {r.diff.length ? <ChangeTable diff={r.diff} /> : null}
              </li>
            ))}
          </ol>
        </details>
      ) : null}

      {p.rollout.strategy === "canary" ? (
        <p className="mt-2 text-xs text-muted" data-testid="rollout-plan">
          Canary rollout:{" "}
          {p.rollout.steps
            .map(
              (s) =>
                `${s.percent} % for ${s.seconds % 60 ? `${s.seconds} s` : `${s.seconds / 60} min`}`,
            )
            .join(", then ")}
          , then 100 %.
          {p.rolloutId ? (
            <>
              {" "}
              <Link href={`/rollouts/${p.rolloutId}`} className="text-accent underline">
                Follow the rollout
              </Link>
            </>
          ) : null}
        </p>
      ) : null}

      {pending ? (
        <PromotionChanges id={p.id} targetName={p.targetName} version={p.version} />
      ) : null}

      <div className="mt-3 grid gap-4 md:grid-cols-[1fr_16rem]">
        <GateList gates={p.gates} compact />
        <div>
          <div className="mb-1 text-xs font-medium text-muted">Votes</div>
          {p.approvals.length === 0 ? (
            <p className="text-xs text-muted">No votes yet.</p>
          ) : (
            <ul className="space-y-1.5 text-xs">
              {p.approvals.map((a) => (
                <li key={a.user.id}>
                  <span className={cn("font-medium", !a.valid && "line-through")}>
                    {a.user.name}
                  </span>{" "}
                  <Badge tone={a.decision === "approve" ? (a.valid ? "ok" : "neutral") : "crit"}>
                    {a.decision === "approve"
                      ? a.valid
                        ? "approved"
                        : "no longer counts"
                      : "rejected"}
                  </Badge>{" "}
                  <RelativeTime value={a.at} />
                  {a.comment ? <div className="text-muted">“{a.comment}”</div> : null}
                </li>
              ))}
            </ul>
          )}
          {p.deploymentId ? (
            <p className="mt-2 text-xs">
              Deployed as{" "}
              <Link className="font-mono text-accent hover:underline" href={`/targets/${p.target}`}>
                {p.deploymentId.slice(0, 10)}…
              </Link>
            </p>
          ) : null}
        </div>
      </div>

      {pending ? (
        <footer className="mt-4 border-t border-border pt-3">
          <DecisionButtons
            id={p.id}
            label={label}
            snapshotHash={p.snapshotHash}
            canDecide={canApprove}
            isRequester={p.requestedBy.id === me}
            canCancel={p.requestedBy.id === me || isAdmin}
          />
        </footer>
      ) : null}
    </article>
  );
}
