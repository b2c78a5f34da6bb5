"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, Textarea } from "@/components/ui/input";
import { useToast } from "@/components/ui/toast";
import { ApiError, callApi } from "@/lib/client/api";
import { useApi } from "@/lib/client/hooks";
import { promotionLinks } from "@/lib/endpoints/links";
import type { Gate } from "@/lib/schemas/promotions";
import {
  type RolloutDraft,
  RolloutFields,
  rolloutBody,
} from "@/components/rollouts/rollout-fields";
import { GatesPanel } from "./gates-panel";
import type { TargetFit } from "./target-option";
import { TargetPicker } from "./target-picker";

/**
 * Choose a target, see whether it fits and which gates pass, say why, and request. Nothing is
 * chosen at first: the gates shown are the server's for the target picked, and the request is
 * evaluated again.
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
  const [target, setTarget] = useState<string>();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string>();
  const [reasonError, setReasonError] = useState<string>();
  const [refused, setRefused] = useState<Gate[]>();
  const [rollout, setRollout] = useState<RolloutDraft>({ strategy: "all_at_once" });
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const chosen = fits.find((f) => f.target === target);

  const gates = useApi(
    promotionLinks.gates,
    { params: { slug, n }, query: { target: target ?? "" } },
    { enabled: !!target },
  );

  async function submit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (!target) return;
    const form = e.currentTarget;
    const reason = String(new FormData(form).get("reason") ?? "").trim();
    if (!reason) {
      setReasonError("say why this version should ship");
      return;
    }
    setPending(true);
    setError(undefined);
    setReasonError(undefined);
    setRefused(undefined);
    setFieldErrors({});
    try {
      const p = await callApi(promotionLinks.request, {
        params: { slug, n },
        body: { target, reason, rollout: rolloutBody(rollout) },
      });
      toast.success("Promotion requested", {
        description: `v${n} to ${p.targetName}: ${p.requiredApprovals} approval${p.requiredApprovals === 1 ? "" : "s"} needed.`,
        link: { href: `/promotions?view=all#promotion-${p.id}`, label: "Open request" },
      });
      form.reset();
      router.refresh();
      await gates.refetch();
    } catch (err) {
      if (err instanceof ApiError) {
        setReasonError(err.fieldErrors().reason);
        setFieldErrors(err.fieldErrors());
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

  const blocked = gates.data?.passed === false;
  return (
    <form
      onSubmit={submit}
      className="grid gap-5 lg:grid-cols-2"
      noValidate
      aria-label="Request a promotion"
    >
      <TargetPicker
        fits={fits}
        target={target}
        onPick={(t) => {
          setTarget(t);
          if (!fits.find((f) => f.target === t)?.runningVersion)
            setRollout({ strategy: "all_at_once" });
          setRefused(undefined);
          setError(undefined);
        }}
      />
      <GatesPanel name={chosen?.name} gates={gates} refused={refused}>
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
            <RolloutFields
              draft={rollout}
              onChange={setRollout}
              errors={fieldErrors}
              hasStable={!!chosen?.runningVersion}
            />
            {error ? (
              <p role="alert" className="text-sm text-crit">
                {error}
              </p>
            ) : null}
            <Button type="submit" disabled={pending || !target || blocked}>
              {pending
                ? "Requesting…"
                : chosen?.requiredApprovals === 0
                  ? "Deploy"
                  : "Request promotion"}
            </Button>
            {!target ? (
              <p className="text-xs text-muted">Pick a target first.</p>
            ) : blocked ? (
              <p className="text-xs text-muted">A blocking gate fails; fix it before requesting.</p>
            ) : null}
          </>
        ) : (
          <p className="text-sm text-muted">
            Editors request promotions; you can follow them here.
          </p>
        )}
      </GatesPanel>
    </form>
  );
}
