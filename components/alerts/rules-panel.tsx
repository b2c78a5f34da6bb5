"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { BellRing, Plus } from "lucide-react";
import dynamic from "next/dynamic";
import Link from "next/link";
import { useState } from "react";
import { Badge, type Tone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Switch } from "@/components/ui/switch";
import { Card } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Dialog } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { Skeleton, TableSkeleton } from "@/components/ui/skeleton";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import { ApiError, callApi } from "@/lib/client/api";
import { useApi } from "@/lib/client/hooks";
import { cn } from "@/lib/cn";
import { alertLinks } from "@/lib/endpoints/links";
import { rulesKey, useModels } from "./rule-options";
import { type RuleDto, describeCondition, kindLabels } from "./rules-format";

// The alert rules page: every rule (hand-written and derived from requirements), a switch
// to enable each, and a dialog to write new ones.

const severityTone: Record<string, Tone> = { info: "info", warning: "warn", critical: "crit" };

function useRules() {
  return useApi(alertLinks.listRules, {}, { select: (page) => page.items });
}

// The form and react-hook-form load when the dialog first opens; it starts blank every time.
const NewRuleForm = dynamic(() => import("./new-rule-form").then((m) => m.NewRuleForm), {
  loading: () => <Skeleton className="h-96 w-full" />,
});

const EditRuleForm = dynamic(() => import("./edit-rule-form").then((m) => m.EditRuleForm), {
  loading: () => <Skeleton className="h-80 w-full" />,
});

/** "Edit": the rule's fields in a dialog; a derived rule's condition shows but stays as it is. */
function EditRuleDialog({ rule, onClose }: { rule: RuleDto; onClose: () => void }) {
  return (
    <Dialog
      open
      onOpenChange={(open) => (open ? undefined : onClose())}
      title="Edit alert rule"
      description={
        rule.derived
          ? "Derived from the model's requirements."
          : "The kind, scope and metric stay as they are; create a new rule to change them."
      }
    >
      <EditRuleForm rule={rule} onDone={onClose} />
    </Dialog>
  );
}

export function NewRuleDialog() {
  const [open, setOpen] = useState(false);
  return (
    <Dialog
      open={open}
      onOpenChange={setOpen}
      title="New alert rule"
      description="Checked every 30 seconds against each endpoint in scope (a model on a target), whatever version runs there."
      trigger={
        <Button>
          <Plus className="size-4" aria-hidden /> New rule
        </Button>
      }
    >
      {open ? <NewRuleForm onDone={() => setOpen(false)} /> : null}
    </Dialog>
  );
}

function DeleteRuleDialog({ rule, onClose }: { rule: RuleDto; onClose: () => void }) {
  const qc = useQueryClient();
  const remove = useMutation({
    // Already gone (deleted elsewhere, or a retried request) is as good as deleted.
    mutationFn: () =>
      callApi(alertLinks.deleteRule, { params: { id: rule.id } }).catch((e: unknown) => {
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

/** What a rule watches: an endpoint (a model on a target), a model, a target, or everything. */
function Scope({ rule, models }: { rule: RuleDto; models: Map<string, string> }) {
  const { model, target } = rule.scope;
  const name = model ? (models.get(model) ?? model) : null;
  if (model && target)
    return (
      <Link href={`/models/${model}/targets/${target}`} className="hover:underline">
        {name} <span className="text-xs text-muted">on {target}</span>
      </Link>
    );
  if (model)
    return (
      <Link href={`/models/${model}`} className="hover:underline">
        {name} <span className="text-xs text-muted">on every target</span>
      </Link>
    );
  if (target)
    return (
      <Link href={`/targets/${target}`} className="hover:underline">
        <span className="text-xs text-muted">every model on</span> {target}
      </Link>
    );
  return <span className="text-muted">every endpoint</span>;
}

function RuleRow({
  rule,
  canWrite,
  models,
}: {
  rule: RuleDto;
  canWrite: boolean;
  models: Map<string, string>;
}) {
  const qc = useQueryClient();
  const [deleting, setDeleting] = useState(false);
  const [editing, setEditing] = useState(false);
  const toggle = useMutation({
    mutationFn: (enabled: boolean) =>
      callApi(alertLinks.updateRule, { params: { id: rule.id }, body: { enabled } }),
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
        <Scope rule={rule} models={models} />
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
        {canWrite ? (
          <>
            <Button
              size="sm"
              variant="ghost"
              onClick={() => setEditing(true)}
              aria-label={`Edit ${rule.name}`}
            >
              Edit
            </Button>
            {editing ? <EditRuleDialog rule={rule} onClose={() => setEditing(false)} /> : null}
          </>
        ) : null}
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
  const modelNames = new Map((models.data ?? []).map((m) => [m.slug, m.name]));
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
              <RuleRow key={r.id} rule={r} canWrite={canWrite} models={modelNames} />
            ))}
          </tbody>
        </Table>
      )}
    </Card>
  );
}
