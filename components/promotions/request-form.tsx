"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Badge, EnvironmentBadge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Field, Textarea } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { useToast } from "@/components/ui/toast";
import { ApiError, type ApiResult, callApi } from "@/lib/client/api";
import { useApi } from "@/lib/client/hooks";
import { cn } from "@/lib/cn";
import { promotionEndpoints } from "@/lib/endpoints/promotions";
import type { Gate } from "@/lib/schemas/promotions";
import { GateList } from "./gate-list";

type TargetFit = ApiResult<typeof promotionEndpoints.targets>["items"][number];

/**
 * Choose a target, see whether it fits and which gates pass, say why, and request. The gates
 * shown are evaluated by the server for the chosen target; the request is evaluated again.
 */
export function RequestPromotion({
  slug,
  n,
  fits,
  canRequest,
}: {
  slug: string;
  n: number;
  fits: TargetFit[];
  canRequest: boolean;
}) {
  const router = useRouter();
  const toast = useToast();
  const open = (f: TargetFit) => !f.active && !f.pendingPromotionId;
  const first = fits.find((f) => f.fits && open(f)) ?? fits.find(open);
  const [target, setTarget] = useState<string | undefined>(first?.target);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string>();
  const [reasonError, setReasonError] = useState<string>();
  const [refused, setRefused] = useState<Gate[]>();
  const chosen = fits.find((f) => f.target === target);

  const gates = useApi(
    promotionEndpoints.gates,
    { params: { slug, n }, query: { target } },
    { enabled: !!target },
  );

  async function submit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (!target) return;
    const reason = String(new FormData(e.currentTarget).get("reason") ?? "").trim();
    if (!reason) {
      setReasonError("say why this version should ship");
      return;
    }
    setPending(true);
    setError(undefined);
    setReasonError(undefined);
    setRefused(undefined);
    try {
      const p = await callApi(promotionEndpoints.request, {
        params: { slug, n },
        body: { target, reason },
      });
      toast.success("Promotion requested", {
        description: `v${n} to ${p.targetName}: ${p.requiredApprovals} approval${p.requiredApprovals === 1 ? "" : "s"} needed.`,
        link: { href: `/promotions?view=all#promotion-${p.id}`, label: "Open request" },
      });
      (e.target as HTMLFormElement).reset();
      router.refresh();
      await gates.refetch();
    } catch (err) {
      if (err instanceof ApiError) {
        setReasonError(err.fieldErrors().reason);
        setError(err.message);
        if (Array.isArray(err.body.gates)) setRefused(err.body.gates as Gate[]);
      } else setError("Could not reach Modelgate. Try again.");
    } finally {
      setPending(false);
    }
  }

  if (fits.length === 0)
    return (
      <p className="text-sm text-muted">
        No deployment targets exist yet. Create one under Targets.
      </p>
    );

  return (
    <form
      onSubmit={submit}
      className="grid gap-5 lg:grid-cols-2"
      noValidate
      aria-label="Request a promotion"
    >
      <fieldset>
        <legend className="mb-2 text-xs font-medium text-muted">Target</legend>
        <div className="space-y-1.5">
          {fits.map((f) => (
            <label
              key={f.target}
              className={cn(
                "flex cursor-pointer gap-3 rounded-md border px-3 py-2 text-sm has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-accent",
                target === f.target
                  ? "border-accent bg-accent/5"
                  : "border-border hover:bg-surface-2",
                !open(f) && "cursor-not-allowed opacity-60",
              )}
            >
              <input
                type="radio"
                name="target"
                value={f.target}
                checked={target === f.target}
                disabled={!open(f)}
                onChange={() => {
                  setTarget(f.target);
                  setRefused(undefined);
                  setError(undefined);
                }}
                className="mt-1 accent-[var(--color-accent)]"
              />
              <span className="min-w-0 flex-1">
                <span className="flex flex-wrap items-center gap-1.5">
                  <span className="font-medium">{f.name}</span>
                  <EnvironmentBadge environment={f.environment} />
                  {f.active ? (
                    <Badge tone="ok">running</Badge>
                  ) : f.pendingPromotionId ? (
                    <Badge tone="warn">awaiting approval</Badge>
                  ) : f.fits ? (
                    <Badge tone="ok">fits</Badge>
                  ) : (
                    <Badge tone="crit">does not fit</Badge>
                  )}
                </span>
                <span className="block text-xs text-muted">
                  {f.requiredApprovals === 0
                    ? "deploys at once, no approval"
                    : `${f.requiredApprovals} approval${f.requiredApprovals > 1 ? "s" : ""} needed`}
                </span>
                {!f.fits && open(f) ? (
                  <ul className="mt-0.5 list-disc pl-4 text-xs text-crit">
                    {f.reasons.map((r) => (
                      <li key={r}>{r}</li>
                    ))}
                  </ul>
                ) : null}
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      <div className="space-y-3">
        <div>
          <div className="mb-2 text-xs font-medium text-muted">
            Gates{chosen ? ` for ${chosen.name}` : ""}
          </div>
          {!target ? (
            <p className="text-sm text-muted">
              This version runs on, or waits for approval to, every target.
            </p>
          ) : gates.isPending ? (
            <div className="space-y-2">
              <Skeleton className="h-4 w-3/4" />
              <Skeleton className="h-4 w-2/3" />
              <Skeleton className="h-4 w-1/2" />
            </div>
          ) : gates.isError ? (
            <p className="text-sm text-crit">Could not evaluate the gates: {gates.error.message}</p>
          ) : (
            <GateList gates={refused ?? gates.data.gates} />
          )}
        </div>
        {canRequest ? (
          <>
            <Field
              label="Why should this version ship?"
              htmlFor="promotion-reason"
              error={reasonError}
            >
              <Textarea
                id="promotion-reason"
                name="reason"
                rows={3}
                maxLength={2000}
                placeholder="e.g. +2.1 pts accuracy on the June holdout; latency unchanged"
              />
            </Field>
            {error ? (
              <p role="alert" className="text-sm text-crit">
                {error}
              </p>
            ) : null}
            <Button type="submit" disabled={pending || !target || gates.data?.passed === false}>
              {pending
                ? "Requesting…"
                : chosen?.requiredApprovals === 0
                  ? "Deploy"
                  : "Request promotion"}
            </Button>
            {gates.data?.passed === false ? (
              <p className="text-xs text-muted">A blocking gate fails; fix it before requesting.</p>
            ) : null}
          </>
        ) : (
          <p className="text-sm text-muted">
            Editors request promotions; you can follow them here.
          </p>
        )}
      </div>
    </form>
  );
}
