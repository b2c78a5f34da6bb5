import { db, type Tx } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { checklistProgress } from "./evidence";

// Checklist progress as the inventory shows it (items done, evidence and waivers counted, of
// all items), stored on each version (checklist_done, checklist_total) so a page of 50 models
// reads 50 pairs of numbers instead of evaluating ~500 evidence rules on every list.
//
// Every service that changes what progress depends on refreshes it in its own transaction:
//   items ticked, unticked, waived, edited   → that version            checklist/items.ts
//   a version registered or edited           → that version            versions.ts
//   requirements written                     → the model's versions    models.ts
//   reference data uploaded                  → that version            drift.ts
//   a deployment made or rolled back         → that version            deployments.ts
//   a promotion requested or decided         → that version            promotions/*
//   alert rules added, changed, removed      → the model's versions    alerts/rules.ts
//   a target's memory, GPU or compliance     → versions chosen for it  targets.ts
// progress.test.ts checks the stored figures against a fresh count after each kind of change.
// A version still null (evidence-backed items the migration could not count in SQL) is
// counted and stored the first time a list shows it.

export type ProgressScope = { versionIds: string[] } | { modelId: string } | { targetId: string };

async function versionsIn(tx: Tx, scope: ProgressScope): Promise<string[]> {
  if ("versionIds" in scope) return scope.versionIds;
  const rows =
    "modelId" in scope
      ? await tx.$queryRaw<{ id: string }[]>(
          Prisma.sql`SELECT id FROM model_versions WHERE model_id = ${scope.modelId}`,
        )
      : await tx.$queryRaw<{ id: string }[]>(Prisma.sql`
          SELECT version_id AS id FROM deployments WHERE target_id = ${scope.targetId}
          UNION SELECT version_id FROM promotion_requests WHERE target_id = ${scope.targetId}`);
  return rows.map((r) => r.id);
}

/** Count and store the progress of the versions in scope (call inside the changing transaction). */
export async function refreshProgress(tx: Tx, scope: ProgressScope): Promise<void> {
  const ids = await versionsIn(tx, scope);
  if (ids.length === 0) return;
  // Lock the versions (in one order, so two refreshes cannot deadlock) before counting: of two
  // transactions ticking items of one version, the second counts after the first committed.
  // Counting first, each would see only its own tick and the second would store one too few.
  await tx.$queryRaw(Prisma.sql`
    SELECT id FROM model_versions WHERE id = ANY(${ids}::text[]) ORDER BY id FOR UPDATE`);
  await store(tx, ids, await checklistProgress(ids, tx), { onlyMissing: false });
}

async function store(
  client: Tx,
  ids: string[],
  progress: Map<string, { done: number; total: number }>,
  { onlyMissing }: { onlyMissing: boolean },
) {
  const done = ids.map((id) => progress.get(id)?.done ?? 0);
  const total = ids.map((id) => progress.get(id)?.total ?? 0);
  // Rows whose figures did not change are not rewritten (no new row version). A late fill from
  // a list never overwrites figures a service stored meanwhile: it only writes where none are.
  await client.$executeRaw(Prisma.sql`
    UPDATE model_versions v SET checklist_done = u.done, checklist_total = u.total
    FROM unnest(${ids}::text[], ${done}::int[], ${total}::int[]) AS u(id, done, total)
    WHERE v.id = u.id
      AND ${onlyMissing ? Prisma.sql`v.checklist_done IS NULL` : Prisma.sql`(v.checklist_done IS DISTINCT FROM u.done OR v.checklist_total IS DISTINCT FROM u.total)`}`);
}

/**
 * The stored progress of each model's newest version, keyed by model id; versions with no
 * checklist are left out. Figures not stored yet are counted now and stored.
 */
export async function latestVersionProgress(
  modelIds: string[],
): Promise<Map<string, { done: number; total: number }>> {
  if (modelIds.length === 0) return new Map();
  const rows = await db.$queryRaw<
    { id: string; model_id: string; done: number | null; total: number | null }[]
  >(Prisma.sql`
    SELECT v.id, v.model_id, v.checklist_done AS done, v.checklist_total AS total
    FROM models m JOIN model_versions v ON v.model_id = m.id AND v.version = m.latest_version
    WHERE m.id IN (${Prisma.join(modelIds)})`);
  const missing = rows.filter((r) => r.done === null || r.total === null).map((r) => r.id);
  const counted = missing.length ? await checklistProgress(missing) : new Map();
  if (missing.length) await store(db, missing, counted, { onlyMissing: true });
  const result = new Map<string, { done: number; total: number }>();
  for (const r of rows) {
    const p =
      r.done === null || r.total === null ? counted.get(r.id) : { done: r.done, total: r.total };
    if (p && p.total > 0) result.set(r.model_id, p);
  }
  return result;
}
