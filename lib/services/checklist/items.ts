import { db, type Tx } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { conflict, forbidden, invalidField, notFound, unprocessable } from "@/lib/errors";
import type { ChecklistDto, ChecklistItemDto, ChecklistItemUpdate } from "@/lib/schemas/checklist";
import { type Principal, can } from "@/lib/permissions";
import { actorOf, recordAudit } from "../audit";
import { repinPending } from "../promotions/requests";
import { refreshProgress } from "./progress";
import { stageTitles, type ChecklistStageKey } from "./default-templates";
import { type Evidence, evaluateRule, evidenceContext } from "./evidence";

// A version's checklist: read with evidence and progress, changed item by item under
// optimistic concurrency (If-Match = the item's updatedAt), each change audited and
// announced on the `modelgate_checklist` channel for the live view.

export const CHECKLIST_CHANNEL = "modelgate_checklist";
const stageOrder: ChecklistStageKey[] = [
  "requirements",
  "preparation",
  "environment",
  "cicd",
  "monitoring",
];

const itemInclude = {
  checkedBy: { select: { id: true, name: true } },
  assignee: { select: { id: true, name: true } },
  waivedBy: { select: { id: true, name: true } },
} satisfies Prisma.ChecklistItemInclude;

type ItemRow = Prisma.ChecklistItemGetPayload<{ include: typeof itemInclude }>;

export function serializeItem(i: ItemRow, evidence: Evidence | null): ChecklistItemDto {
  const done = i.waived || (evidence ? evidence.satisfied : i.checked);
  return {
    id: i.id,
    key: i.key,
    stage: i.stage,
    title: i.title,
    description: i.description,
    required: i.required,
    checked: evidence ? evidence.satisfied : i.checked,
    checkedBy: i.checkedBy,
    checkedAt: i.checkedAt?.toISOString() ?? null,
    note: i.note,
    evidenceUrl: i.evidenceUrl,
    assigneeId: i.assigneeId,
    assignee: i.assignee,
    evidenceRule: i.evidenceRule,
    evidence,
    waived: i.waived,
    waiverReason: i.waiverReason,
    waivedBy: i.waivedBy,
    done,
    updatedAt: i.updatedAt.toISOString(),
  };
}

export async function versionIdOf(slug: string, n: number): Promise<string> {
  const v = await db.modelVersion.findFirst({
    where: { model: { slug }, version: n },
    select: { id: true },
  });
  if (!v) throw notFound(`Version ${n} of model "${slug}"`);
  return v.id;
}

async function evidenceFor(versionId: string, items: { evidenceRule: string | null }[]) {
  if (!items.some((i) => i.evidenceRule)) return () => null;
  const context = await evidenceContext(versionId);
  return (rule: string | null) => (rule ? evaluateRule(rule, context) : null);
}

export async function getChecklist(versionId: string): Promise<ChecklistDto> {
  const rows = await db.checklistItem.findMany({
    where: { versionId },
    include: itemInclude,
    orderBy: { position: "asc" },
  });
  const evidence = await evidenceFor(versionId, rows);
  const items = rows.map((r) => serializeItem(r, evidence(r.evidenceRule)));
  const stages = stageOrder.map((stage) => {
    const list = items.filter((i) => i.stage === stage);
    return {
      stage,
      title: stageTitles[stage],
      done: list.filter((i) => i.done).length,
      total: list.length,
      items: list,
    };
  });
  return { progress: { done: items.filter((i) => i.done).length, total: items.length }, stages };
}

/** People an item can be assigned to: every user who can still sign in, by name. */
export async function listAssignees() {
  return db.user.findMany({
    where: { disabled: false },
    select: { id: true, name: true, email: true },
    orderBy: [{ name: "asc" }, { email: "asc" }],
  });
}

/** When any item of the checklist last changed (ISO), or null: a cheap "did anything change". */
export async function lastChecklistChange(versionId: string): Promise<string | null> {
  const { _max } = await db.checklistItem.aggregate({
    where: { versionId },
    _max: { updatedAt: true },
  });
  return _max.updatedAt?.toISOString() ?? null;
}

/** For promotion gates: are the required items of these stages done, and if not, which? */
export async function checklistStatus(versionId: string, stages: ChecklistStageKey[]) {
  const list = await getChecklist(versionId);
  const result = list.stages
    .filter((s) => stages.includes(s.stage))
    .map((s) => {
      const required = s.items.filter((i) => i.required);
      return {
        stage: s.stage,
        requiredDone: required.filter((i) => i.done).length,
        requiredTotal: required.length,
        missing: required
          .filter((i) => !i.done)
          .map((i) => ({
            id: i.id,
            key: i.key,
            title: i.title,
            reason: i.evidence?.reason ?? null,
          })),
      };
    });
  return { complete: result.every((s) => s.missing.length === 0), stages: result };
}

async function notify(tx: Tx, payload: Record<string, unknown>) {
  await tx.$executeRaw(
    Prisma.sql`SELECT pg_notify(${CHECKLIST_CHANNEL}, ${JSON.stringify(payload)})`,
  );
}

/**
 * Change one item. The write is a compare-and-set on updatedAt, so of two people editing
 * the same item from the same state the second gets 409 with the current item, never a
 * silent overwrite. Evidence-backed items cannot be ticked by hand, only waived with a reason.
 * Waiving a required item is a decision: it needs an approver who has not requested a
 * pending promotion of this version, and (like any change) it voids earlier votes.
 */
export async function updateItem(
  principal: Principal,
  { versionId, itemId, ifMatch }: { versionId: string; itemId: string; ifMatch?: string | null },
  input: ChecklistItemUpdate,
) {
  const actor = actorOf(principal);
  return db.$transaction(async (tx) => {
    const before = await tx.checklistItem.findFirst({
      where: { id: itemId, versionId },
      include: itemInclude,
    });
    if (!before) throw notFound("Checklist item");
    if (input.waived === true && before.required) {
      if (!can(principal, "approve")) {
        throw forbidden(
          "Waiving a required item is a decision for an approver; ask one, or do the work and tick it.",
        );
      }
      const own = await tx.promotionRequest.findFirst({
        where: { versionId, status: "pending", requestedById: principal.user.id },
        select: { id: true },
      });
      if (own)
        throw forbidden(
          "You requested a promotion of this version; another approver must waive its required items.",
        );
    }
    const current = async () =>
      serializeItem(
        before,
        before.evidenceRule
          ? evaluateRule(before.evidenceRule, await evidenceContext(versionId, tx))
          : null,
      );
    if (ifMatch && normalizeEtag(ifMatch) !== before.updatedAt.toISOString()) {
      throw conflict("This item changed since you loaded it; here is its current state.", {
        current: await current(),
      });
    }
    if (input.checked !== undefined && before.evidenceRule) {
      throw unprocessable(
        "This item checks itself from Modelgate's data and cannot be ticked by hand; waive it with a reason instead.",
      );
    }
    if (
      input.assigneeId &&
      !(await tx.user.findUnique({ where: { id: input.assigneeId }, select: { id: true } }))
    ) {
      throw invalidField("assigneeId", "no such user", "Unknown assignee");
    }
    if (input.waiverReason && input.waived === undefined && !before.waived) {
      throw invalidField("waived", "set waived: true to waive", "A reason without a waiver");
    }
    const now = new Date();
    const data: Prisma.ChecklistItemUncheckedUpdateManyInput = {
      ...(input.checked !== undefined
        ? {
            checked: input.checked,
            checkedById: input.checked ? actor.userId : null,
            checkedAt: input.checked ? now : null,
          }
        : {}),
      ...(input.note !== undefined ? { note: input.note || null } : {}),
      ...(input.evidenceUrl !== undefined ? { evidenceUrl: input.evidenceUrl } : {}),
      ...(input.assigneeId !== undefined ? { assigneeId: input.assigneeId } : {}),
      ...(input.waived !== undefined
        ? input.waived
          ? {
              waived: true,
              waiverReason: input.waiverReason,
              waivedById: actor.userId,
              waivedAt: now,
            }
          : { waived: false, waiverReason: null, waivedById: null, waivedAt: null }
        : input.waiverReason
          ? { waiverReason: input.waiverReason }
          : {}),
      updatedAt: now,
    };
    // Compare-and-set: only if nobody wrote since we read.
    const { count } = await tx.checklistItem.updateMany({
      where: { id: itemId, updatedAt: before.updatedAt },
      data,
    });
    if (count === 0)
      throw conflict("This item changed while you were saving; here is its current state.", {
        current: await current(),
      });
    const after = await tx.checklistItem.findUniqueOrThrow({
      where: { id: itemId },
      include: itemInclude,
    });
    const evidence = after.evidenceRule
      ? evaluateRule(after.evidenceRule, await evidenceContext(versionId, tx))
      : null;
    const dto = serializeItem(after, evidence);
    await recordAudit(tx, actor, {
      action:
        input.waived === true
          ? "checklist_item.waive"
          : input.checked === true
            ? "checklist_item.check"
            : input.checked === false
              ? "checklist_item.uncheck"
              : "checklist_item.update",
      entityType: "checklist_item",
      entityId: itemId,
      before: serializeItem(before, null),
      after: serializeItem(after, null),
    });
    // Pending requests first, then the version (refreshProgress locks it): the order an
    // approval takes them in, so the two cannot deadlock.
    await repinPending(tx, actor, { versionId });
    await refreshProgress(tx, { versionIds: [versionId] });
    await notify(tx, { type: "item", versionId, itemId, by: actor.label });
    return dto;
  }, busyTransaction);
}

/** A team ticking many items at once queues for pool connections: wait, don't fail. */
const busyTransaction = { maxWait: 10_000, timeout: 15_000 };

/** ETags may arrive quoted or weak (W/"…"). */
function normalizeEtag(v: string) {
  return v
    .trim()
    .replace(/^W\//, "")
    .replace(/^"(.*)"$/, "$1");
}
