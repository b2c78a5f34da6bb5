-- Substring search on the inventory (?q= becomes ILIKE '%q%' on name and description, LIKE on
-- the slug): trigram GIN indexes serve all three instead of a scan of every model.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- AlterTable
ALTER TABLE "model_versions" ADD COLUMN     "checklist_done" INTEGER,
ADD COLUMN     "checklist_total" INTEGER;

-- Backfill what SQL alone knows exactly: versions with no checklist (0 of 0) and versions
-- whose items have no evidence rule (ticked or waived, of all). Evidence rules are evaluated
-- in TypeScript, so versions with evidence-backed items stay null here and are computed and
-- stored the first time a list shows them (lib/services/checklist/progress.ts).
UPDATE "model_versions" v SET "checklist_done" = 0, "checklist_total" = 0
WHERE NOT EXISTS (SELECT 1 FROM "checklist_items" i WHERE i."version_id" = v."id");

UPDATE "model_versions" v SET "checklist_done" = c."done", "checklist_total" = c."total"
FROM (
  SELECT "version_id", count(*) FILTER (WHERE "checked" OR "waived")::int AS "done", count(*)::int AS "total"
  FROM "checklist_items"
  GROUP BY "version_id"
  HAVING count("evidence_rule") = 0
) c
WHERE c."version_id" = v."id";

-- Without fastupdate: new entries go straight into the index, not into a pending list that
-- every search reads linearly until a vacuum merges it (after a bulk import the planner would
-- rather scan the table). Models change rarely; searches are what must stay fast.

-- CreateIndex
CREATE INDEX "models_name_trgm_idx" ON "models" USING GIN ("name" gin_trgm_ops) WITH (fastupdate = off);

-- CreateIndex
CREATE INDEX "models_slug_trgm_idx" ON "models" USING GIN ("slug" gin_trgm_ops) WITH (fastupdate = off);

-- CreateIndex
CREATE INDEX "models_description_trgm_idx" ON "models" USING GIN ("description" gin_trgm_ops) WITH (fastupdate = off);
