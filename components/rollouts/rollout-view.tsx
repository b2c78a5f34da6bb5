"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import {
  CheckCircle2,
  Circle,
  CircleDashed,
  CircleSlash,
  Pause,
  Play,
  Rocket,
  Undo2,
  XCircle,
} from "lucide-react";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Textarea } from "@/components/ui/input";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import { useToast } from "@/components/ui/toast";
import { useRefresh } from "@/components/ui/use-refresh";
import { type ApiResult, ApiError, apiKey, callApi } from "@/lib/client/api";
import { useApi } from "@/lib/client/hooks";
import { cn } from "@/lib/cn";
import { rolloutLinks } from "@/lib/endpoints/links";
import { RolloutCharts } from "./rollout-charts";
import { stepState, stepStateLabels } from "./rollout-states";

type Rollout = ApiResult<typeof rolloutLinks.get>;
type Verdict = Rollout["verdicts"][number];
type Check = Verdict["checks"][number];

/** How often a live rollout is read again. */
const LIVE_MS = 5_000;

const outcomeTones = {
  pass: "ok",
  fail: "crit",
  inconclusive: "warn",
  skipped: "neutral",
} as const;

const minutes = (s: number) =>
  s % 60 === 0 ? `${s / 60} min` : s < 120 ? `${s} s` : `${(s / 60).toFixed(1)} min`;

/** The rollout: where it stands, its steps and verdicts, the overlaid series, and the controls. */
export function RolloutView({ initial, canSteer }: { initial: Rollout; canSteer: boolean }) {
  const live = (r: Rollout | undefined) => r?.state === "running" || r?.state === "paused";
  const { data } = useApi(
    rolloutLinks.get,
    { params: { id: initial.id } },
    {
      initialData: initial,
      refetchInterval: (q) => (live(q.state.data) ? LIVE_MS : false),
    },
  );
  const r = data ?? initial;
  return (
    <div className="space-y-5">
      <Card>
        <CardHeader
          title="Steps"
          description={
            live(r)
              ? `Canary v${r.version} beside stable v${r.stableVersion}; each step is analysed when it ends.`
              : (r.endReason ?? undefined)
          }
          actions={canSteer && live(r) ? <Controls rollout={r} /> : null}
        />
        <StepTimeline rollout={r} />
      </Card>
      <RolloutCharts rollout={r} />
      <Card>
        <CardHeader
          title="Verdicts"
          description="Each analysis compares the canary with the stable deployment over the step's window: latency with a one-sided Mann-Whitney U test, errors and accuracy with a one-sided two-proportion z-test."
        />
        {r.verdicts.length === 0 ? (
          <p className="p-4 text-sm text-muted">
            No step has been analysed yet.{" "}
            {r.stepEndsAt ? (
              <>
                The first analysis runs <RelativeTime value={r.stepEndsAt} />.
              </>
            ) : null}
          </p>
        ) : (
          <ol className="divide-y divide-border">
            {[...r.verdicts].reverse().map((v, i) => (
              <VerdictBlock key={`${v.step}-${v.at}-${i}`} verdict={v} />
            ))}
          </ol>
        )}
      </Card>
    </div>
  );
}

function StepTimeline({ rollout: r }: { rollout: Rollout }) {
  const ended = r.state !== "running" && r.state !== "paused";
  return (
    <ol className="flex flex-wrap items-stretch gap-2 p-4" aria-label="Rollout steps">
      {r.steps.map((s, i) => {
        const current = i === r.stepIndex && !ended;
        const state = stepState(r, i);
        const Icon = {
          passed: CheckCircle2,
          failed: XCircle,
          running: CircleDashed,
          paused: Pause,
          waiting: Circle,
          skipped: CircleSlash,
        }[state];
        return (
          <li
            key={i}
            aria-current={current ? "step" : undefined}
            data-testid={`rollout-step-${i}`}
            data-state={state}
            className={cn(
              "min-w-36 flex-1 rounded-md border px-3 py-2 text-sm",
              current ? "border-accent bg-accent/5" : "border-border",
              state === "failed" && "border-crit/50 bg-crit-bg",
            )}
          >
            <div className="flex items-center gap-1.5 font-medium">
              <Icon
                aria-hidden
                className={cn(
                  "h-4 w-4",
                  state === "passed" && "text-ok",
                  state === "failed" && "text-crit",
                  state === "running" && "animate-spin text-accent [animation-duration:3s]",
                )}
              />
              Step {i + 1}: {s.percent} %
            </div>
            <div className="text-xs text-muted">
              {minutes(s.seconds)} · {stepStateLabels[state]}
              {current && r.stepEndsAt ? (
                <>
                  {" "}
                  · analysis <RelativeTime value={r.stepEndsAt} />
                </>
              ) : null}
              {current && r.extended ? " · extended (too few samples)" : ""}
            </div>
          </li>
        );
      })}
      <li
        data-testid="rollout-step-final"
        className={cn(
          "min-w-28 rounded-md border px-3 py-2 text-sm",
          r.state === "succeeded"
            ? "border-ok/50 bg-ok-bg"
            : "border-dashed border-border text-muted",
        )}
      >
        <div className="flex items-center gap-1.5 font-medium">
          <Rocket aria-hidden className="h-4 w-4" /> 100 %
        </div>
        <div className="text-xs text-muted">
          {r.state === "succeeded" ? "stable" : ended ? "not reached" : "after the last step"}
        </div>
      </li>
    </ol>
  );
}

const fmt = (v: number | undefined, unit: "ms" | "%") =>
  v === undefined ? "–" : unit === "%" ? `${(v * 100).toFixed(2)} %` : `${v.toFixed(1)} ms`;

function arm(c: Check, which: "stable" | "canary") {
  const a = c[which];
  if (c.name === "latency")
    return `n ${a.n} · median ${fmt(a.median, "ms")} · p95 ${fmt(a.p95, "ms")}`;
  return `n ${a.n} · ${fmt(a.rate, "%")}`;
}

const checkNames = { latency: "Latency", error_rate: "Error rate", accuracy: "Accuracy" };

function VerdictBlock({ verdict: v }: { verdict: Verdict }) {
  return (
    <li className="space-y-2 p-4" data-testid={`verdict-${v.step}`}>
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <Badge tone={outcomeTones[v.outcome]}>{v.outcome}</Badge>
        <span className="font-medium">
          Step {v.step + 1} at {v.percent} %
        </span>
        <span className="text-muted">
          {minutes(Math.round((Date.parse(v.to) - Date.parse(v.from)) / 1000))} window, judged{" "}
          <RelativeTime value={v.at} />
        </span>
        <span className="text-muted">→ {v.action}</span>
      </div>
      <Table stack>
        <thead>
          <tr>
            <Th>Check</Th>
            <Th>Outcome</Th>
            <Th>Stable</Th>
            <Th>Canary</Th>
            <Th numeric>p-value</Th>
            <Th>Why</Th>
          </tr>
        </thead>
        <tbody>
          {v.checks.map((c) => (
            <Tr key={c.name}>
              <Td className="font-medium">{checkNames[c.name]}</Td>
              <Td label="Outcome">
                <Badge tone={outcomeTones[c.outcome]}>{c.outcome}</Badge>
              </Td>
              <Td label="Stable" className="tabular-nums">
                {arm(c, "stable")}
              </Td>
              <Td label="Canary" className="tabular-nums">
                {arm(c, "canary")}
              </Td>
              <Td label="p-value" numeric className="whitespace-nowrap">
                {c.pValue === null
                  ? "–"
                  : c.pValue < 1e-4
                    ? c.pValue.toExponential(2)
                    : c.pValue.toFixed(4)}
              </Td>
              <Td label="Why" className="text-xs text-muted">
                {c.reason}
              </Td>
            </Tr>
          ))}
        </tbody>
      </Table>
    </li>
  );
}

type Act = "pause" | "resume" | "abort" | "promote";

/** Pause or resume at once; abort and promote ask first, with an optional comment. */
function Controls({ rollout: r }: { rollout: Rollout }) {
  const queryClient = useQueryClient();
  const refresh = useRefresh();
  const toast = useToast();
  const [confirming, setConfirming] = useState<"abort" | "promote" | null>(null);
  const [comment, setComment] = useState("");
  const [error, setError] = useState<string>();
  const act = useMutation({
    // The four actions share their request and result; only the path differs.
    mutationFn: (action: Act) =>
      callApi(rolloutLinks[action] as typeof rolloutLinks.pause, {
        params: { id: r.id },
        body: { comment: comment.trim() || undefined },
      }),
    onSuccess: (after) => {
      queryClient.setQueryData(apiKey(rolloutLinks.get, { id: r.id }), after);
      setConfirming(null);
      setComment("");
      refresh("Deployments", "Targets");
      toast.success(
        {
          running: "Rollout resumed",
          paused: "Rollout paused",
          succeeded: `v${after.version} is stable at 100 %`,
          rolled_back: "Canary rolled back",
          aborted: `Canary aborted: v${after.stableVersion} takes all traffic`,
        }[after.state],
      );
    },
    onError: (e) => setError(e instanceof ApiError ? e.message : "Could not reach Modelgate."),
  });
  const run = (action: Act) => {
    setError(undefined);
    act.mutate(action);
  };
  return (
    <div className="flex flex-wrap gap-2">
      {r.state === "running" ? (
        <Button variant="secondary" size="sm" disabled={act.isPending} onClick={() => run("pause")}>
          <Pause aria-hidden className="h-3.5 w-3.5" /> Pause
        </Button>
      ) : (
        <Button
          variant="secondary"
          size="sm"
          disabled={act.isPending}
          onClick={() => run("resume")}
        >
          <Play aria-hidden className="h-3.5 w-3.5" /> Resume
        </Button>
      )}
      <Button variant="secondary" size="sm" onClick={() => setConfirming("promote")}>
        <Rocket aria-hidden className="h-3.5 w-3.5" /> Promote now
      </Button>
      <Button variant="danger" size="sm" onClick={() => setConfirming("abort")}>
        <Undo2 aria-hidden className="h-3.5 w-3.5" /> Abort
      </Button>
      {error && !confirming ? (
        <p role="alert" className="basis-full text-xs text-crit">
          {error}
        </p>
      ) : null}
      {confirming ? (
        <ConfirmDialog
          title={confirming === "abort" ? "Abort the rollout?" : "Promote the canary now?"}
          description={
            confirming === "abort"
              ? `v${r.version} is rolled back and v${r.stableVersion} takes all traffic again; its manifest is committed where the target delivers through Git.`
              : `v${r.version} takes 100 % of the traffic now, without the remaining steps' analysis, and replaces v${r.stableVersion}.`
          }
          confirm={confirming === "abort" ? "Abort and roll back" : "Promote now"}
          pendingLabel={confirming === "abort" ? "Rolling back…" : "Promoting…"}
          pending={act.isPending}
          error={error}
          onConfirm={() => run(confirming)}
          onClose={() => setConfirming(null)}
        >
          <label htmlFor="rollout-comment" className="block text-xs font-medium">
            Comment (kept in the audit log)
          </label>
          <Textarea
            id="rollout-comment"
            rows={2}
            maxLength={2000}
            value={comment}
            onChange={(e) => setComment(e.target.value)}
          />
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
