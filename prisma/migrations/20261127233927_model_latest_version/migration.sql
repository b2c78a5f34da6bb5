-- AlterTable
ALTER TABLE "models" ADD COLUMN     "latest_stage" "VersionStage",
ADD COLUMN     "latest_version" INTEGER;

-- CreateIndex
CREATE INDEX "models_archived_latest_stage_idx" ON "models"("archived", "latest_stage");

-- CreateIndex
CREATE INDEX "models_archived_name_idx" ON "models"("archived", "name");

-- Hand-written: backfill from the newest version of each model.
UPDATE "models" AS m
SET "latest_version" = v."version", "latest_stage" = v."stage"
FROM (
  SELECT DISTINCT ON ("model_id") "model_id", "version", "stage"
  FROM "model_versions"
  ORDER BY "model_id", "version" DESC
) AS v
WHERE v."model_id" = m."id";
