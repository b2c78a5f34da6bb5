"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ChevronDown, ChevronRight, Plus, Send, Webhook } from "lucide-react";
import { Fragment, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Switch } from "@/components/ui/switch";
import { Card, CardHeader } from "@/components/ui/card";
import { Dialog } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { RelativeTime } from "@/components/ui/relative-time";
import { TableSkeleton } from "@/components/ui/skeleton";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import { ApiError, type ApiResult, apiKey, callApi } from "@/lib/client/api";
import { useApiMutation } from "@/lib/client/hooks";
import { webhookLinks } from "@/lib/endpoints/links";
import type { EventType } from "@/lib/schemas/events";
import {
  type DeliveryData,
  type WebhookData,
  statusTone,
  useDeliveries,
  useWebhooks,
} from "./webhooks-api";
import { ALL_EVENTS, CopyButton, SigningHelp, WebhookForm } from "./webhooks-form";

const errorsOf = (e: unknown): Record<string, string> =>
  e instanceof ApiError && e.errors.length
    ? e.fieldErrors()
    : { form: e instanceof Error ? e.message : "Could not reach Modelgate. Try again." };

/** Every webhook read (the list and each delivery log), for invalidation after a change. */
const webhooksKey = apiKey.resource("Webhooks");

function NewWebhookDialog({ eventTypes }: { eventTypes: readonly EventType[] }) {
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [created, setCreated] = useState<ApiResult<typeof webhookLinks.create> | null>(null);
  const create = useApiMutation(webhookLinks.create, {
    onSuccess: (w) => {
      setCreated(w);
      qc.invalidateQueries({ queryKey: webhooksKey });
    },
    onError: (e) => setErrors(errorsOf(e)),
  });
  const close = (o: boolean) => {
    setOpen(o);
    if (!o) {
      setCreated(null);
      setErrors({});
      create.reset();
    }
  };
  return (
    <Dialog
      open={open}
      onOpenChange={close}
      title={created ? "Copy the signing secret now" : "New webhook"}
      description={
        created
          ? "This is the only time it is shown. Keep it with the receiver to verify signatures."
          : "Modelgate POSTs the events you choose to this URL, signed."
      }
      trigger={
        <Button>
          <Plus className="size-4" aria-hidden /> New webhook
        </Button>
      }
    >
      {created ? (
        <div className="space-y-3">
          <div className="space-y-1">
            <p className="text-xs font-medium" id="wh-secret-label">
              Signing secret for <span className="break-all font-mono">{created.url}</span>
            </p>
            <div className="flex items-center gap-2 rounded-md border border-border bg-surface-2 p-2">
              <code
                data-testid="webhook-secret"
                aria-labelledby="wh-secret-label"
                className="flex-1 break-all font-mono text-xs"
              >
                {created.secret}
              </code>
              <CopyButton value={created.secret} label="Copy the signing secret" />
            </div>
          </div>
          <SigningHelp />
          <div className="flex justify-end">
            <Button onClick={() => close(false)}>Done</Button>
          </div>
        </div>
      ) : (
        <WebhookForm
          eventTypes={eventTypes}
          errors={errors}
          pending={create.isPending}
          submit="Create webhook"
          pendingLabel="Creating…"
          onCancel={() => close(false)}
          onSubmit={(v) => {
            setErrors({});
            create.mutate({ body: v });
          }}
        />
      )}
    </Dialog>
  );
}

function EditWebhookDialog({
  hook,
  eventTypes,
  onClose,
}: {
  hook: WebhookData;
  eventTypes: readonly EventType[];
  onClose: () => void;
}) {
  const qc = useQueryClient();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const update = useApiMutation(webhookLinks.update, {
    onSuccess: () => {
      qc.invalidateQueries({ queryKey: webhooksKey });
      onClose();
    },
    onError: (e) => setErrors(errorsOf(e)),
  });
  return (
    <Dialog
      open
      onOpenChange={(o) => (o ? null : onClose())}
      title="Edit webhook"
      description="The signing secret stays the same."
    >
      <WebhookForm
        eventTypes={eventTypes}
        initial={hook}
        errors={errors}
        pending={update.isPending}
        submit="Save changes"
        pendingLabel="Saving…"
        onCancel={onClose}
        onSubmit={(v) => {
          setErrors({});
          update.mutate({ params: { id: hook.id }, body: v });
        }}
      />
    </Dialog>
  );
}

function DeleteWebhookDialog({ hook, onClose }: { hook: WebhookData; onClose: () => void }) {
  const qc = useQueryClient();
  const remove = useMutation({
    // Already gone (deleted elsewhere, or a retried request) is as good as deleted.
    mutationFn: () =>
      callApi(webhookLinks.remove, { params: { id: hook.id } }).catch((e: unknown) => {
        if (!(e instanceof ApiError && e.status === 404)) throw e;
      }),
    onSuccess: () => {
      qc.invalidateQueries({ queryKey: webhooksKey });
      onClose();
    },
  });
  return (
    <ConfirmDialog
      title="Delete this webhook?"
      description="Nothing more is sent to it, and its delivery log is deleted with it."
      confirm="Delete webhook"
      pendingLabel="Deleting…"
      pending={remove.isPending}
      error={remove.error?.message}
      onConfirm={() => remove.mutate()}
      onClose={onClose}
    >
      <p className="break-all rounded-md border border-border bg-surface-2 p-2 font-mono text-xs">
        {hook.url}
      </p>
    </ConfirmDialog>
  );
}

function DeliveryStatus({ d }: { d: DeliveryData }) {
  const label = d.status === "pending" && d.attempts > 0 ? "retrying" : d.status;
  return <Badge tone={statusTone[d.status]}>{label}</Badge>;
}

function DeliveryLog({
  hook,
  deliveries,
}: {
  hook: WebhookData;
  deliveries: ReturnType<typeof useDeliveries>;
}) {
  return (
    <div
      role="region"
      aria-label={`Deliveries to ${hook.url}`}
      className="rounded-md border border-border bg-surface"
    >
      {deliveries.isPending ? (
        <TableSkeleton rows={2} />
      ) : deliveries.isError ? (
        <p role="alert" className="p-3 text-sm text-crit">
          Could not load deliveries: {deliveries.error.message}
        </p>
      ) : deliveries.data.length === 0 ? (
        <p className="p-3 text-sm text-muted">
          Nothing sent yet. “Send test” queues a delivery of a webhook.test event.
        </p>
      ) : (
        <Table className="max-h-96">
          <thead>
            <tr>
              <Th>Event</Th>
              <Th>Status</Th>
              <Th numeric>Attempts</Th>
              <Th numeric>Response</Th>
              <Th>Error</Th>
              <Th>When</Th>
              <Th>Next attempt</Th>
            </tr>
          </thead>
          <tbody>
            {deliveries.data.map((d) => (
              <Tr key={d.id}>
                <Td className="font-mono text-xs">{d.eventType}</Td>
                <Td>
                  <DeliveryStatus d={d} />
                </Td>
                <Td numeric>{d.attempts}</Td>
                <Td numeric className="font-mono text-xs">
                  {d.responseStatus ?? "—"}
                </Td>
                <Td className="max-w-64 text-xs text-muted">
                  {d.error ? (
                    <span className="line-clamp-2 break-all" title={d.error}>
                      {d.error}
                    </span>
                  ) : (
                    "—"
                  )}
                </Td>
                <Td className="text-xs text-muted">
                  <RelativeTime value={d.deliveredAt ?? d.createdAt} />
                </Td>
                <Td className="text-xs text-muted">
                  {d.status === "pending" && d.nextAttemptAt ? (
                    <RelativeTime value={d.nextAttemptAt} />
                  ) : (
                    "—"
                  )}
                </Td>
              </Tr>
            ))}
          </tbody>
        </Table>
      )}
    </div>
  );
}

function WebhookRow({ hook, eventTypes }: { hook: WebhookData; eventTypes: readonly EventType[] }) {
  const qc = useQueryClient();
  const [expanded, setExpanded] = useState(false);
  const [watchUntil, setWatchUntil] = useState(0);
  const [dialog, setDialog] = useState<"edit" | "delete" | null>(null);
  const deliveries = useDeliveries(hook.id, watchUntil);
  const last = deliveries.data?.[0];
  const toggleActive = useMutation({
    mutationFn: (active: boolean) =>
      callApi(webhookLinks.update, { params: { id: hook.id }, body: { active } }),
    onSettled: () => qc.invalidateQueries({ queryKey: webhooksKey }),
  });
  const test = useMutation({
    mutationFn: () => callApi(webhookLinks.test, { params: { id: hook.id } }),
    onSuccess: () => {
      setExpanded(true);
      setWatchUntil(Date.now() + 20_000);
      qc.invalidateQueries({ queryKey: apiKey(webhookLinks.deliveries, { id: hook.id }) });
    },
  });
  const logId = `wh-log-${hook.id}`;
  const error = toggleActive.error ?? test.error;
  return (
    <Fragment>
      <Tr>
        <Td className="max-w-80">
          <div className="flex items-start gap-1">
            <button
              type="button"
              onClick={() => setExpanded(!expanded)}
              aria-expanded={expanded}
              aria-controls={expanded ? logId : undefined}
              aria-label={`Delivery log of ${hook.url}`}
              className="mt-0.5 rounded p-0.5 text-muted hover:bg-surface-2 hover:text-fg"
            >
              {expanded ? (
                <ChevronDown aria-hidden className="size-4" />
              ) : (
                <ChevronRight aria-hidden className="size-4" />
              )}
            </button>
            <div className="min-w-0">
              <div className="break-all font-mono text-xs">{hook.url}</div>
              <div className="text-xs text-muted">
                added <RelativeTime value={hook.createdAt} />
              </div>
              {error ? (
                <p role="alert" className="text-xs text-crit">
                  {error.message}
                </p>
              ) : null}
            </div>
          </div>
        </Td>
        <Td>
          <div className="flex max-w-80 flex-wrap gap-1">
            {hook.events.map((e) =>
              e === ALL_EVENTS ? (
                <Badge key={e} tone="accent">
                  every event
                </Badge>
              ) : (
                <Badge key={e} className="font-mono">
                  {e}
                </Badge>
              ),
            )}
          </div>
        </Td>
        <Td>
          <Switch
            checked={
              toggleActive.isPending && toggleActive.variables !== undefined
                ? toggleActive.variables
                : hook.active
            }
            label={`${hook.url} active`}
            disabled={toggleActive.isPending}
            onChange={(v) => toggleActive.mutate(v)}
          />
        </Td>
        <Td className="text-xs text-muted">
          {last ? (
            <div className="flex flex-col items-start gap-1">
              <DeliveryStatus d={last} />
              <RelativeTime value={last.deliveredAt ?? last.createdAt} />
            </div>
          ) : deliveries.isPending ? (
            "…"
          ) : (
            "never"
          )}
        </Td>
        <Td numeric>
          <div className="flex justify-end gap-1.5">
            <Button
              size="sm"
              variant="secondary"
              disabled={test.isPending}
              onClick={() => test.mutate()}
              aria-label={`Send a test delivery to ${hook.url}`}
            >
              <Send aria-hidden className="size-3.5" /> {test.isPending ? "Sending…" : "Send test"}
            </Button>
            <Button
              size="sm"
              variant="ghost"
              onClick={() => setDialog("edit")}
              aria-label={`Edit ${hook.url}`}
            >
              Edit
            </Button>
            <Button
              size="sm"
              variant="ghost"
              onClick={() => setDialog("delete")}
              aria-label={`Delete ${hook.url}`}
              className="hover:text-crit"
            >
              Delete
            </Button>
          </div>
          {dialog === "edit" ? (
            <EditWebhookDialog
              hook={hook}
              eventTypes={eventTypes}
              onClose={() => setDialog(null)}
            />
          ) : null}
          {dialog === "delete" ? (
            <DeleteWebhookDialog hook={hook} onClose={() => setDialog(null)} />
          ) : null}
        </Td>
      </Tr>
      {expanded ? (
        <tr id={logId}>
          <td colSpan={5} className="border-b border-border bg-surface-2/50 px-3 py-3">
            <DeliveryLog hook={hook} deliveries={deliveries} />
          </td>
        </tr>
      ) : null}
    </Fragment>
  );
}

export function WebhooksPanel({ eventTypes }: { eventTypes: readonly EventType[] }) {
  const hooks = useWebhooks();
  return (
    <div className="space-y-4">
      <Card>
        <div className="flex flex-wrap items-center justify-between gap-3 border-b border-border px-4 py-3">
          <p className="text-sm text-muted">
            Send promotions, deployments, alerts and drift to chat, paging and CI as they happen.
          </p>
          <NewWebhookDialog eventTypes={eventTypes} />
        </div>
        {hooks.isPending ? (
          <TableSkeleton rows={3} />
        ) : hooks.isError ? (
          <p role="alert" className="p-4 text-sm text-crit">
            Could not load webhooks: {hooks.error.message}
          </p>
        ) : hooks.data.length === 0 ? (
          <EmptyState icon={Webhook} title="No webhooks" level={2}>
            Add one to be told when a version is registered, a promotion is decided, a deployment
            changes or an alert fires.
          </EmptyState>
        ) : (
          <Table>
            <thead>
              <tr>
                <Th>URL</Th>
                <Th>Events</Th>
                <Th>Active</Th>
                <Th>Last delivery</Th>
                <Th numeric>
                  <span className="sr-only">Actions</span>
                </Th>
              </tr>
            </thead>
            <tbody>
              {hooks.data.map((h) => (
                <WebhookRow key={h.id} hook={h} eventTypes={eventTypes} />
              ))}
            </tbody>
          </Table>
        )}
      </Card>
      <Card>
        <CardHeader
          title="Verifying deliveries"
          description="Check the signature before trusting a delivery."
        />
        <SigningHelp className="p-4" />
      </Card>
    </div>
  );
}
