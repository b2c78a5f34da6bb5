import { db, type Tx } from "@/lib/db";
import type { ChecklistStage } from "@/lib/generated/prisma/client";
import { conflict, notFound, validationFailed } from "@/lib/errors";
import type { TemplateCreate, TemplateDto, TemplateUpdate } from "@/lib/schemas/checklist";
import { type Actor, recordAudit } from "../audit";
import { defaultTemplates } from "./default-templates";
import { evidenceRules } from "./evidence";

// The checklist templates admins edit. A version copies the active templates when it is
// registered; edits here never touch existing versions' items.

const select = {
  id: true,
  stage: true,
  key: true,
  title: true,
  description: true,
  required: true,
  position: true,
  evidenceRule: true,
  updatedAt: true,
} as const;

type Row = {
  id: string;
  stage: ChecklistStage;
  key: string;
  title: string;
  description: string;
  required: boolean;
  position: number;
  evidenceRule: string | null;
  updatedAt: Date;
};
const serialize = (t: Row): TemplateDto => ({ ...t, updatedAt: t.updatedAt.toISOString() });

/**
 * A fresh installation starts from the default checklist. Only an empty table is filled:
 * once any template exists (even a removed one) the admins' choices stand.
 */
export async function ensureDefaultTemplates(client: Tx = db) {
  if ((await client.checklistTemplate.count()) > 0) return;
  const positions: Record<string, number> = {};
  await client.checklistTemplate.createMany({
    data: defaultTemplates.map((t) => {
      positions[t.stage] = (positions[t.stage] ?? 0) + 1;
      return { ...t, evidenceRule: t.evidenceRule ?? null, position: positions[t.stage] };
    }),
    skipDuplicates: true,
  });
}

export function listEvidenceRules() {
  return Object.entries(evidenceRules).map(([key, r]) => ({ key, label: r.label }));
}

function checkRule(rule: string | null | undefined) {
  if (rule && !evidenceRules[rule]) {
    throw validationFailed([
      {
        path: "evidenceRule",
        message: `unknown rule; choose one of ${Object.keys(evidenceRules).join(", ")}`,
      },
    ]);
  }
}

export async function listTemplates() {
  const rows = await db.checklistTemplate.findMany({
    where: { active: true },
    select,
    orderBy: [{ stage: "asc" }, { position: "asc" }],
  });
  return rows.map(serialize);
}

/** Renumber a stage's active templates 1..n in the given order. */
async function renumber(tx: Tx, ids: string[]) {
  for (const [i, id] of ids.entries())
    await tx.checklistTemplate.update({ where: { id }, data: { position: i + 1 } });
}

function slugify(s: string) {
  return s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 60);
}

export async function createTemplate(actor: Actor, input: TemplateCreate) {
  checkRule(input.evidenceRule);
  return db.$transaction(async (tx) => {
    const base = `${input.stage}.${slugify(input.title)}`;
    let key = base;
    for (
      let i = 2;
      await tx.checklistTemplate.findUnique({ where: { key }, select: { id: true } });
      i++
    )
      key = `${base}-${i}`;
    const last = await tx.checklistTemplate.aggregate({
      where: { stage: input.stage, active: true },
      _max: { position: true },
    });
    const row = await tx.checklistTemplate.create({
      data: {
        stage: input.stage,
        key,
        title: input.title,
        description: input.description ?? "",
        required: input.required ?? true,
        evidenceRule: input.evidenceRule ?? null,
        position: (last._max.position ?? 0) + 1,
      },
      select,
    });
    await recordAudit(tx, actor, {
      action: "checklist_template.create",
      entityType: "checklist_template",
      entityId: row.id,
      after: serialize(row),
    });
    return serialize(row);
  });
}

export async function updateTemplate(actor: Actor, id: string, input: TemplateUpdate) {
  checkRule(input.evidenceRule);
  return db.$transaction(async (tx) => {
    const before = await tx.checklistTemplate.findFirst({ where: { id, active: true }, select });
    if (!before) throw notFound("Checklist template");
    const { position, ...fields } = input;
    await tx.checklistTemplate.update({ where: { id }, data: fields });
    if (position !== undefined) {
      const siblings = await tx.checklistTemplate.findMany({
        where: { stage: before.stage, active: true, id: { not: id } },
        select: { id: true },
        orderBy: { position: "asc" },
      });
      const ids = siblings.map((s) => s.id);
      ids.splice(Math.min(position - 1, ids.length), 0, id);
      await renumber(tx, ids);
    }
    const after = await tx.checklistTemplate.findUniqueOrThrow({ where: { id }, select });
    await recordAudit(tx, actor, {
      action: "checklist_template.update",
      entityType: "checklist_template",
      entityId: id,
      before: serialize(before),
      after: serialize(after),
    });
    return serialize(after);
  });
}

/** Remove a template from future versions (kept, inactive, so old items still trace to it). */
export async function removeTemplate(actor: Actor, id: string) {
  return db.$transaction(async (tx) => {
    const before = await tx.checklistTemplate.findUnique({
      where: { id },
      select: { ...select, active: true },
    });
    if (!before) throw notFound("Checklist template");
    if (!before.active) throw conflict("This template is already removed");
    await tx.checklistTemplate.update({ where: { id }, data: { active: false } });
    const rest = await tx.checklistTemplate.findMany({
      where: { stage: before.stage, active: true },
      select: { id: true },
      orderBy: { position: "asc" },
    });
    await renumber(
      tx,
      rest.map((r) => r.id),
    );
    await recordAudit(tx, actor, {
      action: "checklist_template.remove",
      entityType: "checklist_template",
      entityId: id,
      before: serialize(before),
    });
    return { id, removed: true as const };
  });
}
