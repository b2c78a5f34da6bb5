"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { BellRing, Plus } from "lucide-react";
import Link from "next/link";
import { type FormEvent, useState } from "react";
import { Badge, type Tone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Switch } from "@/components/ui/switch";
import { Card } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Dialog } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { FormFooter } from "@/components/ui/form-footer";
import { Field, Input, Select } from "@/components/ui/input";
import { TableSkeleton } from "@/components/ui/skeleton";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import {
  ApiError,
  type ApiBody,
  type ApiQuery,
  type ApiResult,
  apiKey,
  callApi,
} from "@/lib/client/api";
import { useApi, useApiMutation } from "@/lib/client/hooks";
import { cn } from "@/lib/cn";
import { alertEndpoints } from "@/lib/endpoints/alerts";
import { modelEndpoints } from "@/lib/endpoints/models";
import { deploymentEndpoints } from "@/lib/endpoints/promotions";
import { type RuleDto, describeCondition, kindLabels } from "./rules-format";

// The alert rules page: every rule (hand-written and derived from requirements), a switch
// to enable each, and a dialog to write new ones.

type DeploymentOption = ApiResult<typeof deploymentEndpoints.list>["items"][number];

const rulesKey = apiKey(alertEndpoints.listRules);

const severityTone: Record<string, Tone> = { info: "info", warning: "warn", critical: "crit" };

export const metricSuggestions = [
  "latency_ms",
  "prediction.latency_ms",
  "prediction.error",
  "prediction.confidence",
  "cpu_percent",
  "memory_mb",
];

function useRules() {
  return useApi(alertEndpoints.listRules, {}, { select: (page) => page.items });
}

function useModels(enabled = true) {
  return useApi(
    modelEndpoints.list,
    { query: { limit: 500 } },
    {
      select: (page) => page.items.map((m) => ({ slug: m.slug, name: m.name })),
      staleTime: 60_000,
      enabled,
    },
  );
}

function useDeployments(query: Partial<ApiQuery<typeof deploymentEndpoints.list>>, enabled = true) {
  return useApi(
    deploymentEndpoints.list,
    { query: { limit: 500, ...query } },
    { select: (page) => page.items, staleTime: 60_000, enabled },
  );
}

const errorsOf = (e: unknown): Record<string, string> =>
  e instanceof ApiError && e.errors.length
    ? e.fieldErrors()
    : { form: e instanceof Error ? e.message : "Could not reach Modelgate. Try again." };

const friendly: Record<string, string> = {
  windowSeconds: "must be between half a minute and 7 days",
  forSeconds: "must be between 0 and 1440 minutes (a day)",
};

const shown = [
  "name",
  "kind",
  "scope.model",
  "scope.deploymentId",
  "metric",
  "aggregation",
  "comparator",
  "threshold",
  "windowSeconds",
  "forSeconds",
  "severity",
];

/** Minutes in the form, seconds in the API; empty stays undefined so the API default applies. */
const minutes = (v: FormDataEntryValue | null) =>
  v === null || String(v).trim() === "" ? undefined : Math.round(Number(v) * 60);
const numberOrUndefined = (v: FormDataEntryValue | null) =>
  v === null || String(v).trim() === "" ? undefined : Number(v);

export function NewRuleDialog() {
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [kind, setKind] = useState<"metric" | "no_data" | "drift">("metric");
  const [model, setModel] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const models = useModels(open);
  const deployments = useDeployments({ status: "active", model }, open && model !== "");
  const create = useApiMutation(alertEndpoints.createRule, {
    onSuccess: () => {
      qc.invalidateQueries({ queryKey: rulesKey });
      close(false);
    },
    onError: (e) => {
      const errs = errorsOf(e);
      for (const k of Object.keys(friendly)) if (errs[k]) errs[k] = friendly[k];
      const other = Object.entries(errs).filter(([k]) => k !== "form" && !shown.includes(k));
      if (other.length)
        errs.form = [errs.form, ...other.map(([k, m]) => `${k || "rule"}: ${m}`)]
          .filter(Boolean)
          .join("; ");
      setErrors(errs);
    },
  });
  function close(o: boolean) {
    setOpen(o);
    if (!o) {
      setErrors({});
      setKind("metric");
      setModel("");
      create.reset();
    }
  }
  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setErrors({});
    const f = new FormData(e.currentTarget);
    const deploymentId = String(f.get("deploymentId") ?? "");
    const body: Record<string, unknown> = {
      name: String(f.get("name") ?? ""),
      kind,
      scope: { ...(model ? { model } : {}), ...(deploymentId ? { deploymentId } : {}) },
      windowSeconds: minutes(f.get("window")),
      forSeconds: minutes(f.get("for")),
      severity: f.get("severity"),
      enabled: f.get("enabled") === "on",
    };
    if (kind !== "drift") body.metric = String(f.get("metric") ?? "").trim() || undefined;
    if (kind === "metric") {
      body.aggregation = f.get("aggregation");
      body.comparator = f.get("comparator");
    }
    if (kind !== "no_data") body.threshold = numberOrUndefined(f.get("threshold"));
    // Sent as typed; the server's schema reports what is wrong, field by field.
    create.mutate({ body: body as ApiBody<typeof alertEndpoints.createRule> });
  }
  const invalid = (k: string, id: string) => ({
    "aria-invalid": Boolean(errors[k]),
    "aria-describedby": errors[k] ? `${id}-error` : undefined,
  });
  return (
    <Dialog
      open={open}
      onOpenChange={close}
      title="New alert rule"
      description="Checked every 30 seconds against each active deployment in scope."
      trigger={
        <Button>
          <Plus className="size-4" aria-hidden /> New rule
        </Button>
      }
    >
      <form onSubmit={onSubmit} className="max-h-[70vh] space-y-3 overflow-y-auto pr-1" noValidate>
        <Field label="Name" htmlFor="r-name" error={errors.name}>
          <Input
            id="r-name"
            name="name"
            maxLength={120}
            placeholder="Slow predictions"
            autoFocus
            {...invalid("name", "r-name")}
          />
        </Field>
        <div className="grid grid-cols-2 gap-3">
          <Field label="Kind" htmlFor="r-kind" error={errors.kind}>
            <Select
              id="r-kind"
              name="kind"
              value={kind}
              onChange={(e) => {
                setKind(e.target.value as typeof kind);
                setErrors({});
              }}
              {...invalid("kind", "r-kind")}
            >
              <option value="metric">Metric threshold</option>
              <option value="no_data">No data</option>
              <option value="drift">Drift</option>
            </Select>
          </Field>
          <Field label="Severity" htmlFor="r-severity" error={errors.severity}>
            <Select
              id="r-severity"
              name="severity"
              defaultValue="warning"
              {...invalid("severity", "r-severity")}
            >
              <option value="info">Info</option>
              <option value="warning">Warning</option>
              <option value="critical">Critical</option>
            </Select>
          </Field>
        </div>
        <div className="grid grid-cols-2 gap-3">
          <Field
            label="Model"
            htmlFor="r-model"
            error={
              errors["scope.model"] ??
              (models.isError ? `could not load models: ${models.error.message}` : undefined)
            }
          >
            <Select
              id="r-model"
              name="model"
              value={model}
              onChange={(e) => setModel(e.target.value)}
              {...invalid("scope.model", "r-model")}
            >
              <option value="">All models</option>
              {models.data?.map((m) => (
                <option key={m.slug} value={m.slug}>
                  {m.name}
                </option>
              ))}
            </Select>
          </Field>
          <Field
            label="Deployment"
            htmlFor="r-deployment"
            error={errors["scope.deploymentId"]}
            hint={model ? undefined : "Choose a model to narrow to one deployment."}
          >
            <Select
              id="r-deployment"
              name="deploymentId"
              disabled={!model}
              key={model}
              defaultValue=""
              {...invalid("scope.deploymentId", "r-deployment")}
            >
              <option value="">Every active deployment</option>
              {model
                ? deployments.data?.map((d) => (
                    <option key={d.id} value={d.id}>
                      v{d.version} on {d.targetName}
                    </option>
                  ))
                : null}
            </Select>
          </Field>
        </div>
        {kind !== "drift" ? (
          <Field
            label="Metric"
            htmlFor="r-metric"
            error={errors.metric}
            hint={
              kind === "no_data"
                ? "Fires when this series has no point in the window."
                : "A series ingested for the deployment."
            }
          >
            <Input
              id="r-metric"
              name="metric"
              list="r-metric-suggestions"
              autoComplete="off"
              placeholder="prediction.latency_ms"
              className="font-mono"
              {...invalid("metric", "r-metric")}
            />
            <datalist id="r-metric-suggestions">
              {metricSuggestions.map((m) => (
                <option key={m} value={m} />
              ))}
            </datalist>
          </Field>
        ) : null}
        {kind === "metric" ? (
          <div className="grid grid-cols-3 gap-3">
            <Field label="Aggregation" htmlFor="r-agg" error={errors.aggregation}>
              <Select
                id="r-agg"
                name="aggregation"
                defaultValue="p95"
                {...invalid("aggregation", "r-agg")}
              >
                <option value="avg">avg</option>
                <option value="p95">p95</option>
                <option value="max">max</option>
                <option value="min">min</option>
                <option value="sum">sum</option>
                <option value="rate">rate (per s)</option>
              </Select>
            </Field>
            <Field label="Comparator" htmlFor="r-cmp" error={errors.comparator}>
              <Select
                id="r-cmp"
                name="comparator"
                defaultValue=">"
                {...invalid("comparator", "r-cmp")}
              >
                <option value=">">&gt; above</option>
                <option value=">=">≥ at least</option>
                <option value="<">&lt; below</option>
                <option value="<=">≤ at most</option>
              </Select>
            </Field>
            <Field label="Threshold" htmlFor="r-threshold" error={errors.threshold}>
              <Input
                id="r-threshold"
                name="threshold"
                type="number"
                step="any"
                inputMode="decimal"
                {...invalid("threshold", "r-threshold")}
              />
            </Field>
          </div>
        ) : null}
        {kind === "drift" ? (
          <Field
            label="Minimum drifted share"
            htmlFor="r-threshold"
            error={errors.threshold}
            hint="Fires when the newest drift report says drifted, with at least this share of features (0–1)."
          >
            <Input
              id="r-threshold"
              name="threshold"
              type="number"
              min={0}
              max={1}
              step={0.05}
              defaultValue={0.5}
              className="w-32"
              {...invalid("threshold", "r-threshold")}
            />
          </Field>
        ) : null}
        <div className="grid grid-cols-2 gap-3">
          <Field
            label="Window (minutes)"
            htmlFor="r-window"
            error={errors.windowSeconds}
            hint="What each check looks back over."
          >
            <Input
              id="r-window"
              name="window"
              type="number"
              min={0.5}
              max={10_080}
              step="any"
              key={kind}
              defaultValue={kind === "drift" ? 60 : kind === "no_data" ? 10 : 5}
              {...invalid("windowSeconds", "r-window")}
            />
          </Field>
          <Field
            label="Pending for (minutes)"
            htmlFor="r-for"
            error={errors.forSeconds}
            hint="How long it must hold before firing; 0 fires at once."
          >
            <Input
              id="r-for"
              name="for"
              type="number"
              min={0}
              max={1440}
              step="any"
              defaultValue={0}
              {...invalid("forSeconds", "r-for")}
            />
          </Field>
        </div>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="enabled" defaultChecked className="accent-[var(--accent)]" />{" "}
          Enabled
        </label>
        <FormFooter
          error={errors.form}
          onCancel={() => close(false)}
          pending={create.isPending}
          submit="Create rule"
          pendingLabel="Creating…"
        />
      </form>
    </Dialog>
  );
}

function DeleteRuleDialog({ rule, onClose }: { rule: RuleDto; onClose: () => void }) {
  const qc = useQueryClient();
  const remove = useMutation({
    // Already gone (deleted elsewhere, or a retried request) is as good as deleted.
    mutationFn: () =>
      callApi(alertEndpoints.deleteRule, { params: { id: rule.id } }).catch((e: unknown) => {
        if (!(e instanceof ApiError && e.status === 404)) throw e;
      }),
    onSuccess: () => {
      qc.invalidateQueries({ queryKey: rulesKey });
      onClose();
    },
  });
  return (
    <ConfirmDialog
      title="Delete this rule?"
      description="Refused while it has open alerts (resolve them first). Its resolved alerts are deleted with it, each leaving an audit entry."
      confirm="Delete rule"
      pendingLabel="Deleting…"
      pending={remove.isPending}
      error={remove.error?.message}
      onConfirm={() => remove.mutate()}
      onClose={onClose}
    >
      <p className="rounded-md border border-border bg-surface-2 p-2 text-sm">
        <span className="font-medium">{rule.name}</span>
        <span className="mt-0.5 block font-mono text-xs text-muted">{describeCondition(rule)}</span>
      </p>
    </ConfirmDialog>
  );
}

function Scope({
  rule,
  models,
  deployments,
}: {
  rule: RuleDto;
  models: Map<string, string>;
  deployments: Map<string, DeploymentOption>;
}) {
  if (rule.scope.deploymentId) {
    const d = deployments.get(rule.scope.deploymentId);
    return (
      <Link href={`/deployments/${rule.scope.deploymentId}`} className="hover:underline">
        {d ? (
          <>
            {models.get(d.model) ?? d.model}{" "}
            <span className="font-mono text-xs text-muted">v{d.version}</span>{" "}
            <span className="text-xs text-muted">on {d.targetName}</span>
          </>
        ) : (
          <>
            deployment <span className="font-mono text-xs">{rule.scope.deploymentId}</span>
          </>
        )}
      </Link>
    );
  }
  if (rule.scope.model) {
    return (
      <Link href={`/models/${rule.scope.model}`} className="hover:underline">
        {models.get(rule.scope.model) ?? rule.scope.model}
      </Link>
    );
  }
  return <span className="text-muted">all deployments</span>;
}

function RuleRow({
  rule,
  canWrite,
  models,
  deployments,
}: {
  rule: RuleDto;
  canWrite: boolean;
  models: Map<string, string>;
  deployments: Map<string, DeploymentOption>;
}) {
  const qc = useQueryClient();
  const [deleting, setDeleting] = useState(false);
  const toggle = useMutation({
    mutationFn: (enabled: boolean) =>
      callApi(alertEndpoints.updateRule, { params: { id: rule.id }, body: { enabled } }),
    onSettled: () => qc.invalidateQueries({ queryKey: rulesKey }),
  });
  const enabled =
    toggle.isPending && toggle.variables !== undefined ? toggle.variables : rule.enabled;
  return (
    <Tr className={cn(!rule.enabled && "text-muted")}>
      <Td>
        <div className="font-medium">{rule.name}</div>
        {rule.derived ? (
          <div className="mt-0.5">
            <Badge tone="info">from requirements</Badge>
          </div>
        ) : null}
        {toggle.isError ? (
          <p role="alert" className="text-xs text-crit">
            {toggle.error.message}
          </p>
        ) : null}
      </Td>
      <Td>
        <Scope rule={rule} models={models} deployments={deployments} />
      </Td>
      <Td className="text-xs">{kindLabels[rule.kind]}</Td>
      <Td className="font-mono text-xs">{describeCondition(rule)}</Td>
      <Td>
        <Badge tone={severityTone[rule.severity]}>{rule.severity}</Badge>
      </Td>
      <Td>
        {canWrite ? (
          <Switch
            checked={enabled}
            label={`${rule.name} enabled`}
            disabled={toggle.isPending}
            onChange={(v) => toggle.mutate(v)}
          />
        ) : (
          <span className="text-xs">{rule.enabled ? "on" : "off"}</span>
        )}
      </Td>
      <Td numeric>
        {canWrite && !rule.derived ? (
          <>
            <Button
              size="sm"
              variant="ghost"
              onClick={() => setDeleting(true)}
              aria-label={`Delete ${rule.name}`}
              className="hover:text-crit"
            >
              Delete
            </Button>
            {deleting ? <DeleteRuleDialog rule={rule} onClose={() => setDeleting(false)} /> : null}
          </>
        ) : null}
      </Td>
    </Tr>
  );
}

export function RulesPanel({ canWrite }: { canWrite: boolean }) {
  const rules = useRules();
  const models = useModels();
  const needsDeployments = Boolean(rules.data?.some((r) => r.scope.deploymentId));
  const deployments = useDeployments({}, needsDeployments);
  const modelNames = new Map((models.data ?? []).map((m) => [m.slug, m.name]));
  const deploymentsById = new Map((deployments.data ?? []).map((d) => [d.id, d]));
  return (
    <Card>
      {rules.isPending ? (
        <TableSkeleton rows={5} />
      ) : rules.isError ? (
        <p role="alert" className="p-4 text-sm text-crit">
          Could not load alert rules: {rules.error.message}
        </p>
      ) : rules.data.length === 0 ? (
        <EmptyState icon={BellRing} title="No alert rules">
          Set requirements on a model (p95 latency, error rate, accuracy) to get rules derived from
          them, or write one: a metric threshold, missing data or drift.
        </EmptyState>
      ) : (
        <Table>
          <thead>
            <tr>
              <Th>Name</Th>
              <Th>Scope</Th>
              <Th>Kind</Th>
              <Th>Condition</Th>
              <Th>Severity</Th>
              <Th>Enabled</Th>
              <Th numeric>
                <span className="sr-only">Actions</span>
              </Th>
            </tr>
          </thead>
          <tbody>
            {rules.data.map((r) => (
              <RuleRow
                key={r.id}
                rule={r}
                canWrite={canWrite}
                models={modelNames}
                deployments={deploymentsById}
              />
            ))}
          </tbody>
        </Table>
      )}
    </Card>
  );
}
