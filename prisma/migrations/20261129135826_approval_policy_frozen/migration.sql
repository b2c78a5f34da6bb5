/*
  Hand-edited: the new NOT NULL columns are added nullable, backfilled from what existing
  rows imply, then made NOT NULL, so the migration applies to a database with data.

  Warnings:

  - A unique constraint covering the columns `[endpoint]` on the table `deployment_targets` will be added. If there are existing duplicate values, this will fail.
  - Added the required column `environment` to the `deployments` table without a default value. This is not possible if the table is not empty.
  - Added the required column `environment` to the `promotion_requests` table without a default value. This is not possible if the table is not empty.
  - Added the required column `original_snapshot` to the `promotion_requests` table without a default value. This is not possible if the table is not empty.
  - Added the required column `original_snapshot_hash` to the `promotion_requests` table without a default value. This is not possible if the table is not empty.

*/
-- AlterTable
ALTER TABLE "api_tokens" ADD COLUMN     "created_by_id" TEXT;
-- Who created each existing token, from the audit log (tokens without a record stay unknown and never vote).
UPDATE "api_tokens" t SET "created_by_id" = a."actor_id"
FROM "audit_events" a
WHERE a."entity_type" = 'api_token' AND a."action" = 'token.create' AND a."entity_id" = t."id"
  AND EXISTS (SELECT 1 FROM "users" u WHERE u."id" = a."actor_id");

-- AlterTable
ALTER TABLE "deployments" ADD COLUMN     "environment" "TargetEnvironment",
ADD COLUMN     "required_approvals" INTEGER NOT NULL DEFAULT 0;
UPDATE "deployments" d SET "environment" = t."environment",
  "required_approvals" = COALESCE((SELECT p."required_approvals" FROM "promotion_requests" p WHERE p."id" = d."promotion_id"), 0)
FROM "deployment_targets" t WHERE t."id" = d."target_id";
-- Every deployment records the environment it was made in, even when an insert leaves it out.
CREATE FUNCTION deployments_freeze_environment() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."environment" IS NULL THEN
    SELECT t."environment" INTO NEW."environment" FROM "deployment_targets" t WHERE t."id" = NEW."target_id";
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER deployments_freeze_environment BEFORE INSERT ON "deployments"
  FOR EACH ROW EXECUTE FUNCTION deployments_freeze_environment();

-- AlterTable
ALTER TABLE "promotion_requests" ADD COLUMN     "environment" "TargetEnvironment",
ADD COLUMN     "original_snapshot" JSONB,
ADD COLUMN     "original_snapshot_hash" TEXT;
UPDATE "promotion_requests" p SET "environment" = t."environment", "original_snapshot" = p."snapshot", "original_snapshot_hash" = p."snapshot_hash"
FROM "deployment_targets" t WHERE t."id" = p."target_id";
ALTER TABLE "promotion_requests" ALTER COLUMN "environment" SET NOT NULL,
  ALTER COLUMN "original_snapshot" SET NOT NULL,
  ALTER COLUMN "original_snapshot_hash" SET NOT NULL;

-- CreateTable
CREATE TABLE "promotion_repins" (
    "id" TEXT NOT NULL,
    "promotion_id" TEXT NOT NULL,
    "from_hash" TEXT NOT NULL,
    "to_hash" TEXT NOT NULL,
    "snapshot" JSONB NOT NULL,
    "changes" TEXT[],
    "diff" JSONB NOT NULL,
    "actor_label" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "promotion_repins_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "promotion_repins_promotion_id_created_at_idx" ON "promotion_repins"("promotion_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "deployment_targets_endpoint_key" ON "deployment_targets"("endpoint");

-- AddForeignKey
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "promotion_repins" ADD CONSTRAINT "promotion_repins_promotion_id_fkey" FOREIGN KEY ("promotion_id") REFERENCES "promotion_requests"("id") ON DELETE CASCADE ON UPDATE CASCADE;
