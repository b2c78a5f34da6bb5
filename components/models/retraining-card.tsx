"use client";

import { RotateCcw } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Field, Input } from "@/components/ui/input";
import { RelativeTime } from "@/components/ui/relative-time";
import { useApiMutation } from "@/lib/client/hooks";
import { retrainingLinks } from "@/lib/endpoints/links";
import {
  type RetrainingPolicy,
  type RetrainingRequestDto,
  type RetrainingSignal,
  retrainingSignals,
  signalLabels,
} from "@/lib/schemas/retraining";

// The model page's retraining loop: which signals ask for a new version (the policy), and the
// requests they opened, each with its evidence and how it ended ("v4 was trained because of
// concept drift detected on 2026-11-20 on AWS production").

const stateTone = { open: "warn", closed: "ok", dismissed: "neutral" } as const;

const signalNames: Record<RetrainingSignal, string> = {
  dataset_drift: "Dataset drift",
  concept_drift: "Concept drift",
  estimated_performance: "Estimated performance below the requirement",
  realized_performance: "Accuracy below the requirement",
  data_quality: "Data quality alert",
};

function PolicyForm({
  slug,
  policy,
  onDone,
}: {
  slug: string;
  policy: RetrainingPolicy | null;
  onDone: () => void;
}) {
  const router = useRouter();
  const [enabled, setEnabled] = useState(policy?.enabled ?? true);
  const [signals, setSignals] = useState<RetrainingSignal[]>(
    policy?.signals ?? [...retrainingSignals],
  );
  const [cooldown, setCooldown] = useState(String(policy?.cooldownHours ?? 24));
  const save = useApiMutation(retrainingLinks.setPolicy, {
    onSuccess: () => {
      router.refresh();
      onDone();
    },
  });
  const fieldError = (path: string) => save.error?.errors.find((e) => e.path === path);
  const toggle = (s: RetrainingSignal) =>
    setSignals((all) => (all.includes(s) ? all.filter((x) => x !== s) : [...all, s]));
  return (
    <form
      aria-label="Retraining policy"
      className="space-y-3 px-4 py-3"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({
          params: { slug },
          body: { enabled, signals, cooldownHours: Number(cooldown) },
        });
      }}
    >
      <label className="flex items-center gap-2 text-sm">
        <input
          type="checkbox"
          checked={enabled}
          onChange={(e) => setEnabled(e.target.checked)}
          className="accent-[var(--accent)]"
        />
        Open retraining requests
      </label>
      <fieldset className="space-y-1" disabled={!enabled}>
        <legend className="mb-1 text-xs font-medium text-muted">Signals that count</legend>
        {retrainingSignals.map((s) => (
          <label key={s} className="flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              checked={signals.includes(s)}
              onChange={() => toggle(s)}
              className="accent-[var(--accent)]"
            />
            {signalNames[s]}
          </label>
        ))}
      </fieldset>
      <Field
        label="Cooldown (hours)"
        htmlFor="rt-cooldown"
        error={fieldError("cooldownHours")?.message}
        hint="No new request within this many hours of the previous one."
      >
        <Input
          id="rt-cooldown"
          type="number"
          min={0}
          max={2160}
          value={cooldown}
          onChange={(e) => setCooldown(e.target.value)}
          className="w-28"
          aria-invalid={Boolean(fieldError("cooldownHours"))}
        />
      </Field>
      {save.isError && !fieldError("cooldownHours") ? (
        <p role="alert" className="text-xs text-crit">
          {save.error.message}
        </p>
      ) : null}
      <div className="flex gap-2">
        <Button type="submit" size="sm" disabled={save.isPending}>
          {save.isPending ? "Saving…" : "Save policy"}
        </Button>
        <Button type="button" size="sm" variant="ghost" onClick={onDone}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

function Dismiss({ id }: { id: string }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const dismiss = useApiMutation(retrainingLinks.dismiss, { onSuccess: () => router.refresh() });
  if (!open)
    return (
      <Button size="sm" variant="ghost" onClick={() => setOpen(true)}>
        Dismiss
      </Button>
    );
  return (
    <form
      className="mt-2 flex flex-wrap items-end gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        dismiss.mutate({ params: { id }, body: { reason } });
      }}
    >
      <Field label="Why is no new version needed?" htmlFor={`dismiss-${id}`}>
        <Input
          id={`dismiss-${id}`}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          maxLength={500}
          required
          autoFocus
          className="w-64"
        />
      </Field>
      <Button type="submit" size="sm" variant="secondary" disabled={dismiss.isPending}>
        Dismiss request
      </Button>
      {dismiss.isError ? (
        <p role="alert" className="w-full text-xs text-crit">
          {dismiss.error.message}
        </p>
      ) : null}
    </form>
  );
}

function RequestItem({ r, canEdit }: { r: RetrainingRequestDto; canEdit: boolean }) {
  return (
    <li id={`retraining-${r.id}`} className="px-4 py-3 text-sm" data-testid="retraining-request">
      <div className="flex items-start justify-between gap-2">
        <p>
          <Badge tone={stateTone[r.state]}>{r.state}</Badge> {r.summary}
        </p>
        {canEdit && r.state === "open" ? <Dismiss id={r.id} /> : null}
      </div>
      <p className="mt-1 text-xs text-muted">
        Opened <RelativeTime value={r.createdAt} />
        {r.state === "open" ? (
          <>
            {" "}
            · register the next version with <code className="font-mono">--retraining {r.id}</code>
          </>
        ) : null}
      </p>
      <details className="mt-1">
        <summary className="cursor-pointer text-xs text-muted hover:text-fg">
          Evidence ({r.evidence.length})
        </summary>
        <ul className="mt-1 space-y-1 text-xs">
          {r.evidence.map((e, i) => (
            <li key={i} className="rounded bg-surface-2 px-2 py-1">
              <span className="font-medium">{signalLabels[e.signal]}</span>
              {e.target ? ` on ${e.target}` : ""}
              {e.version !== null ? ` (v${e.version})` : ""}, <RelativeTime value={e.at} />:{" "}
              {e.summary}
              {e.features.length ? (
                <span className="block font-mono text-muted">{e.features.join(", ")}</span>
              ) : null}
            </li>
          ))}
        </ul>
      </details>
    </li>
  );
}

export function RetrainingCard({
  slug,
  policy,
  requests,
  canEdit,
}: {
  slug: string;
  policy: RetrainingPolicy | null;
  requests: RetrainingRequestDto[];
  canEdit: boolean;
}) {
  const [editing, setEditing] = useState(false);
  const on = policy?.enabled && policy.signals.length > 0;
  return (
    <Card>
      <CardHeader
        title="Retraining"
        description="Monitoring signals that ask for a new version, and the versions trained for them."
        actions={
          canEdit && !editing ? (
            <Button size="sm" variant="ghost" onClick={() => setEditing(true)}>
              Change policy
            </Button>
          ) : null
        }
      />
      {editing ? (
        <PolicyForm slug={slug} policy={policy} onDone={() => setEditing(false)} />
      ) : (
        <p className="px-4 py-2 text-sm" data-testid="retraining-policy">
          {on ? (
            <>
              On: {policy.signals.map((s) => signalLabels[s]).join(", ")}; at most one request every{" "}
              {policy.cooldownHours} h.
            </>
          ) : (
            <span className="text-muted">Off: monitoring signals open no retraining request.</span>
          )}
        </p>
      )}
      {requests.length ? (
        <ul className="divide-y divide-border border-t border-border">
          {requests.map((r) => (
            <RequestItem key={r.id} r={r} canEdit={canEdit} />
          ))}
        </ul>
      ) : (
        <p className="flex items-center gap-2 border-t border-border px-4 py-3 text-xs text-muted">
          <RotateCcw aria-hidden className="size-3.5" /> No retraining requests yet.
        </p>
      )}
    </Card>
  );
}
