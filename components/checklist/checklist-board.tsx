"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import {
  CheckCircle2,
  Circle,
  CircleSlash,
  History,
  Link2,
  ShieldCheck,
  ShieldAlert,
  StickyNote,
  Users,
} from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Dialog } from "@/components/ui/dialog";
import { Field, Input, Textarea } from "@/components/ui/input";
import { Progress } from "@/components/ui/progress";
import { RelativeTime } from "@/components/ui/relative-time";
import { ApiError, type ApiBody, apiKey, apiUrl, callApi } from "@/lib/client/api";
import { useApi } from "@/lib/client/hooks";
import { cn } from "@/lib/cn";
import { auditLinks, checklistLinks } from "@/lib/endpoints/links";
import type { ChecklistDto, ChecklistItemDto } from "@/lib/schemas/checklist";
import { type Assignee, AssigneePicker } from "./assignee-picker";

// The live checklist. Changes are optimistic and roll back on error; a stale write (409)
// shows the item as it now is. Other people's changes arrive over server-sent events and
// refetch the checklist, so everyone sees the same state within a second or two.

type Person = { id: string; name: string };

type ItemChange = ApiBody<typeof checklistLinks.update>;

const key = (slug: string, n: number) => apiKey(checklistLinks.get, { slug, n });

function patchItem(
  list: ChecklistDto,
  itemId: string,
  patch: (i: ChecklistItemDto) => ChecklistItemDto,
): ChecklistDto {
  const stages = list.stages.map((s) => {
    const items = s.items.map((i) => (i.id === itemId ? patch(i) : i));
    return { ...s, items, done: items.filter((i) => i.done).length };
  });
  const all = stages.flatMap((s) => s.items);
  return { progress: { done: all.filter((i) => i.done).length, total: all.length }, stages };
}

function useLiveChecklist(slug: string, n: number, initial: ChecklistDto) {
  const qc = useQueryClient();
  const [viewers, setViewers] = useState<Person[]>([]);
  const [lastChange, setLastChange] = useState<string | null>(null);
  const query = useApi(
    checklistLinks.get,
    { params: { slug, n } },
    {
      initialData: initial,
      staleTime: 5_000,
      // A safety net if the event stream is down (proxy without streaming, database restart).
      refetchInterval: 30_000,
    },
  );
  useEffect(() => {
    const source = new EventSource(apiUrl(checklistLinks.events, { params: { slug, n } }));
    source.addEventListener("item", (e) => {
      const { by } = JSON.parse((e as MessageEvent<string>).data) as { by: string };
      setLastChange(by);
      void qc.invalidateQueries({ queryKey: key(slug, n) });
    });
    source.addEventListener("presence", (e) =>
      setViewers(JSON.parse((e as MessageEvent<string>).data) as Person[]),
    );
    return () => source.close();
  }, [qc, slug, n]);
  return { query, viewers, lastChange };
}

export function ChecklistBoard({
  slug,
  n,
  initial,
  canEdit,
  canWaiveRequired = false,
  me,
  people,
}: {
  slug: string;
  n: number;
  initial: ChecklistDto;
  canEdit: boolean;
  /** Waiving a required item is an approver's decision (the server enforces it). */
  canWaiveRequired?: boolean;
  me: Person;
  people: Assignee[];
}) {
  const qc = useQueryClient();
  const router = useRouter();
  const { query, viewers } = useLiveChecklist(slug, n, initial);
  const [notice, setNotice] = useState<string | null>(null);
  const list = query.data ?? initial;

  const update = useMutation({
    mutationFn: ({ item, body }: { item: ChecklistItemDto; body: ItemChange }) =>
      callApi(checklistLinks.update, {
        params: { slug, n, itemId: item.id },
        body,
        headers: { "If-Match": `"${item.updatedAt}"` },
      }),
    onMutate: async ({ item, body }) => {
      setNotice(null);
      await qc.cancelQueries({ queryKey: key(slug, n) });
      const previous = qc.getQueryData<ChecklistDto>(key(slug, n));
      if (previous) {
        qc.setQueryData(
          key(slug, n),
          patchItem(previous, item.id, (i) => {
            const next = { ...i, ...body } as ChecklistItemDto;
            if ("checked" in body) {
              next.checkedBy = body.checked ? me : null;
              next.checkedAt = body.checked ? new Date().toISOString() : null;
            }
            next.done = next.waived || (next.evidence ? next.evidence.satisfied : next.checked);
            return next;
          }),
        );
      }
      return { previous };
    },
    onError: (error, { item }, ctx) => {
      const current =
        error instanceof ApiError && error.status === 409
          ? (error.body.current as ChecklistItemDto | undefined)
          : undefined;
      if (current && ctx?.previous) {
        qc.setQueryData(
          key(slug, n),
          patchItem(ctx.previous, item.id, () => current),
        );
        setNotice(
          `“${item.title}” was changed by someone else just now; it shows their version. Make your change again if it still applies.`,
        );
      } else {
        if (ctx?.previous) qc.setQueryData(key(slug, n), ctx.previous);
        setNotice(
          error instanceof ApiError ? error.message : "Could not save: check your connection.",
        );
      }
    },
    onSuccess: (item) => {
      const current = qc.getQueryData<ChecklistDto>(key(slug, n));
      if (current)
        qc.setQueryData(
          key(slug, n),
          patchItem(current, item.id, () => item),
        );
      // The page's header counts the checklist too (server-rendered): bring it up to date.
      router.refresh();
    },
  });

  const others = viewers.filter((v) => v.id !== me.id);
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="flex items-center gap-3 text-sm">
          <span className="font-medium">Overall</span>
          <Progress
            done={list.progress.done}
            total={list.progress.total}
            label="Overall checklist progress"
          />
        </div>
        <div
          className="flex items-center gap-2 text-xs text-muted"
          data-testid="viewers"
          aria-live="polite"
        >
          <Users className="size-3.5" aria-hidden />
          {others.length === 0
            ? "Only you are here"
            : `Also here: ${others.map((v) => v.name).join(", ")}`}
        </div>
      </div>
      {notice ? (
        <p
          role="status"
          className="rounded-md border border-warn/40 bg-warn-bg px-3 py-2 text-sm text-warn"
        >
          {notice}
        </p>
      ) : null}
      <div className="grid gap-4 xl:grid-cols-2">
        {list.stages.map((s) => (
          <Card key={s.stage}>
            <CardHeader
              title={s.title}
              actions={<Progress done={s.done} total={s.total} label={`${s.title} progress`} />}
            />
            <ul className="divide-y divide-border">
              {s.items.map((item) => (
                <ItemRow
                  key={item.id}
                  item={item}
                  referenceHref={`/models/${slug}/versions/${n}#reference-data`}
                  canEdit={canEdit}
                  canWaiveRequired={canWaiveRequired}
                  people={people}
                  pending={update.isPending && update.variables?.item.id === item.id}
                  onChange={(body) => update.mutate({ item, body })}
                />
              ))}
            </ul>
          </Card>
        ))}
      </div>
    </div>
  );
}

function ItemRow({
  item,
  referenceHref,
  canEdit,
  canWaiveRequired,
  people,
  pending,
  onChange,
}: {
  item: ChecklistItemDto;
  /** Where reference data is uploaded: the drift item points there. */
  referenceHref: string;
  canEdit: boolean;
  canWaiveRequired: boolean;
  people: Assignee[];
  pending: boolean;
  onChange: (body: ItemChange) => void;
}) {
  // "details": the form and the history (the history icon); "edit": the form alone.
  const [open, setOpen] = useState<false | "details" | "edit">(false);
  const [waiving, setWaiving] = useState(false);
  const evidence = item.evidence;
  const icon = item.waived ? (
    <CircleSlash className="size-4 text-warn" aria-hidden />
  ) : evidence ? (
    evidence.satisfied ? (
      <ShieldCheck className="size-4 text-ok" aria-hidden />
    ) : (
      <ShieldAlert className="size-4 text-muted" aria-hidden />
    )
  ) : item.checked ? (
    <CheckCircle2 className="size-4 text-ok" aria-hidden />
  ) : (
    <Circle className="size-4 text-muted" aria-hidden />
  );
  return (
    <li
      id={`item-${item.key}`}
      className="scroll-mt-4 px-4 py-2.5 target:bg-accent/10 target:ring-2 target:ring-inset target:ring-accent"
      data-testid={`item-${item.key}`}
    >
      <div className="flex items-start gap-2.5">
        {canEdit && !evidence && !item.waived ? (
          <input
            type="checkbox"
            className="mt-0.5 size-4 accent-[var(--accent)]"
            checked={item.checked}
            // Not disabled while saving: a disabled checkbox drops the focus to the page.
            onChange={(e) => (pending ? null : onChange({ checked: e.target.checked }))}
            aria-label={item.title}
            aria-busy={pending}
          />
        ) : (
          <span className="mt-0.5" role="img" aria-label={item.done ? "done" : "open"}>
            {icon}
          </span>
        )}
        <div className="min-w-0 flex-1">
          <div className="flex flex-wrap items-center gap-1.5 text-sm">
            <span className={cn(item.done && "text-muted")}>{item.title}</span>
            {!item.required ? <Badge>optional</Badge> : null}
            {evidence ? (
              <Badge tone={evidence.satisfied ? "ok" : "neutral"}>checks itself</Badge>
            ) : null}
            {item.waived ? <Badge tone="warn">waived</Badge> : null}
            {item.assignee ? <Badge tone="info">@{item.assignee.name}</Badge> : null}
          </div>
          <div className="text-xs text-muted" data-testid="item-status">
            {item.waived ? (
              <>
                Waived by {item.waivedBy?.name ?? "someone"}: “{item.waiverReason}”
              </>
            ) : evidence ? (
              evidence.reason
            ) : item.checked ? (
              <>
                Ticked by <span className="text-fg">{item.checkedBy?.name ?? "someone"}</span>{" "}
                <RelativeTime value={item.checkedAt} />
              </>
            ) : (
              item.description
            )}
          </div>
          {item.note ? (
            <p className="mt-1 flex items-start gap-1 text-xs">
              <StickyNote className="mt-0.5 size-3 shrink-0 text-muted" aria-hidden /> {item.note}
            </p>
          ) : null}
          {item.evidenceUrl ? (
            <a
              href={item.evidenceUrl}
              target="_blank"
              rel="noopener noreferrer nofollow"
              className="mt-1 inline-flex items-center gap-1 text-xs text-accent hover:underline"
            >
              <Link2 className="size-3" aria-hidden /> evidence
            </a>
          ) : null}
          {item.evidenceRule === "monitoring.reference_uploaded" && !item.done ? (
            <Link
              href={referenceHref}
              className="mt-1 inline-flex items-center gap-1 text-xs text-accent hover:underline"
            >
              Upload reference data
            </Link>
          ) : null}
          {canEdit && open === false ? (
            <button
              type="button"
              onClick={() => setOpen("edit")}
              className="mt-1 flex items-center gap-1 rounded text-xs text-accent hover:underline"
              aria-label={`Note and evidence for ${item.title}`}
            >
              <StickyNote className="size-3" aria-hidden />
              {item.note || item.evidenceUrl ? "Edit note and evidence" : "Add note and evidence"}
            </button>
          ) : null}
        </div>
        <button
          type="button"
          onClick={() => setOpen((o) => (o === "details" ? false : "details"))}
          className="rounded p-1 text-muted hover:bg-surface-2 hover:text-fg"
          aria-expanded={open === "details"}
          aria-label={`Details of ${item.title}`}
          title="History and details"
        >
          <History className="size-3.5" />
        </button>
      </div>
      {open ? (
        <ItemDetails
          item={item}
          withHistory={open === "details"}
          onClose={() => setOpen(false)}
          canEdit={canEdit}
          canWaive={!item.required || canWaiveRequired}
          people={people}
          onChange={onChange}
          onWaive={() => setWaiving(true)}
        />
      ) : null}
      <WaiveDialog
        open={waiving}
        onOpenChange={setWaiving}
        item={item}
        onWaive={(reason) => onChange({ waived: true, waiverReason: reason })}
      />
    </li>
  );
}

function ItemDetails({
  item,
  withHistory,
  onClose,
  canEdit,
  canWaive,
  people,
  onChange,
  onWaive,
}: {
  item: ChecklistItemDto;
  withHistory: boolean;
  onClose: () => void;
  canEdit: boolean;
  canWaive: boolean;
  people: Assignee[];
  onChange: (body: ItemChange) => void;
  onWaive: () => void;
}) {
  const qc = useQueryClient();
  const historyQuery = { entity: `checklist_item:${item.id}`, limit: 20 };
  const history = useApi(auditLinks.list, { query: historyQuery }, { enabled: withHistory });
  // A change to the item (here or by someone else) adds to its history.
  const seen = useRef(item.updatedAt);
  useEffect(() => {
    if (seen.current === item.updatedAt) return;
    seen.current = item.updatedAt;
    void qc.invalidateQueries({ queryKey: apiKey(auditLinks.list, undefined, historyQuery) });
  });
  return (
    <div className="mt-2 space-y-3 rounded-md border border-border bg-surface-2/50 p-3">
      {canEdit ? (
        <form
          className="grid gap-2 sm:grid-cols-2"
          onSubmit={(e) => {
            e.preventDefault();
            const f = new FormData(e.currentTarget);
            onChange({
              note: String(f.get("note") ?? "") || null,
              evidenceUrl: String(f.get("evidenceUrl") ?? "") || null,
              assigneeId: String(f.get("assigneeId") ?? "") || null,
            });
            // Opened for the note and evidence alone: saving closes it, as a dialog would.
            if (!withHistory) onClose();
          }}
        >
          <Field label="Note" htmlFor={`note-${item.id}`}>
            <Textarea id={`note-${item.id}`} name="note" rows={2} defaultValue={item.note ?? ""} />
          </Field>
          <div className="space-y-2">
            <Field label="Evidence link" htmlFor={`url-${item.id}`}>
              <Input
                id={`url-${item.id}`}
                name="evidenceUrl"
                type="url"
                placeholder="https://…"
                defaultValue={item.evidenceUrl ?? ""}
              />
            </Field>
            <Field label="Assignee" htmlFor={`assignee-${item.id}`}>
              <AssigneePicker id={`assignee-${item.id}`} item={item} people={people} />
            </Field>
          </div>
          <div className="flex gap-2 sm:col-span-2">
            <Button size="sm" type="submit">
              Save details
            </Button>
            {!withHistory ? (
              <Button size="sm" variant="secondary" onClick={onClose}>
                Close
              </Button>
            ) : null}
            {item.waived ? (
              <Button size="sm" variant="secondary" onClick={() => onChange({ waived: false })}>
                Remove waiver
              </Button>
            ) : (
              <Button
                size="sm"
                variant="secondary"
                onClick={onWaive}
                disabled={!canWaive}
                title={
                  canWaive
                    ? undefined
                    : "Waiving a required item needs an approver who did not request this version's promotion"
                }
              >
                Waive…
              </Button>
            )}
          </div>
        </form>
      ) : null}
      {withHistory ? (
        <div>
          <h4 className="mb-1 text-xs font-medium">History</h4>
          {history.isPending ? (
            <p className="text-xs text-muted">Loading…</p>
          ) : history.isError ? (
            <p className="text-xs text-crit">Could not load the history.</p>
          ) : history.data.items.length === 0 ? (
            <p className="text-xs text-muted">No changes yet.</p>
          ) : (
            <ul className="space-y-0.5 text-xs" aria-label="History">
              {history.data.items.map((e) => (
                <li key={e.id}>
                  <RelativeTime value={e.createdAt} /> · {e.actor.label} ·{" "}
                  {e.action.replace("checklist_item.", "")}
                </li>
              ))}
            </ul>
          )}
        </div>
      ) : null}
    </div>
  );
}

function WaiveDialog({
  open,
  onOpenChange,
  item,
  onWaive,
}: {
  open: boolean;
  onOpenChange: (o: boolean) => void;
  item: ChecklistItemDto;
  onWaive: (reason: string) => void;
}) {
  const [reason, setReason] = useState("");
  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title={`Waive “${item.title}”`}
      description="A waiver counts the item as done. Say why; the reason is kept in the audit log and shown to everyone."
    >
      <form
        className="space-y-3"
        onSubmit={(e) => {
          e.preventDefault();
          if (reason.trim().length < 20) return;
          onWaive(reason.trim());
          onOpenChange(false);
          setReason("");
        }}
      >
        <Field
          label="Reason"
          htmlFor={`waive-${item.id}`}
          hint="At least 20 characters: what covers the risk instead, and who decided."
        >
          <Textarea
            id={`waive-${item.id}`}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            rows={3}
            autoFocus
          />
        </Field>
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={() => onOpenChange(false)}>
            Cancel
          </Button>
          <Button type="submit" disabled={reason.trim().length < 20}>
            Waive item
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
