-- CreateEnum
CREATE TYPE "RetrainingState" AS ENUM ('open', 'closed', 'dismissed');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "AlertRuleKind" ADD VALUE 'concept_drift';
ALTER TYPE "AlertRuleKind" ADD VALUE 'estimated_performance';
ALTER TYPE "AlertRuleKind" ADD VALUE 'data_quality';

-- AlterTable
ALTER TABLE "drift_reports" ADD COLUMN     "prediction" JSONB,
ADD COLUMN     "quality" DOUBLE PRECISION,
ADD COLUMN     "target" JSONB;

-- AlterTable
ALTER TABLE "models" ADD COLUMN     "retraining_policy" JSONB;

-- CreateTable
CREATE TABLE "concept_detectors" (
    "deployment_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "state" JSONB NOT NULL,
    "seen" INTEGER NOT NULL DEFAULT 0,
    "level" TEXT NOT NULL DEFAULT 'stable',
    "error_rate" DOUBLE PRECISION,
    "cursor_at" TIMESTAMP(3),
    "cursor_ts" TIMESTAMP(3),
    "cursor_id" TEXT,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "concept_detectors_pkey" PRIMARY KEY ("deployment_id","kind")
);

-- CreateTable
CREATE TABLE "concept_signals" (
    "id" TEXT NOT NULL,
    "deployment_id" TEXT NOT NULL,
    "detector" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "direction" TEXT,
    "outcome_index" INTEGER NOT NULL,
    "ts" TIMESTAMP(3) NOT NULL,
    "error_rate" DOUBLE PRECISION,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "concept_signals_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "retraining_requests" (
    "id" TEXT NOT NULL,
    "model_id" TEXT NOT NULL,
    "deployment_id" TEXT,
    "signal" TEXT NOT NULL,
    "evidence" JSONB NOT NULL,
    "state" "RetrainingState" NOT NULL DEFAULT 'open',
    "version_id" TEXT,
    "closed_at" TIMESTAMP(3),
    "reason" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "retraining_requests_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "concept_signals_deployment_id_ts_idx" ON "concept_signals"("deployment_id", "ts");

-- CreateIndex
CREATE UNIQUE INDEX "retraining_requests_version_id_key" ON "retraining_requests"("version_id");

-- CreateIndex
CREATE INDEX "retraining_requests_model_id_created_at_idx" ON "retraining_requests"("model_id", "created_at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "retraining_one_open_per_model" ON "retraining_requests"("model_id") WHERE (state = 'open');

-- CreateIndex
CREATE INDEX "predictions_deployment_labeled_at_idx" ON "predictions"("deployment_id", "labeled_at", "ts", "id") WHERE (label IS NOT NULL);

-- AddForeignKey
ALTER TABLE "concept_detectors" ADD CONSTRAINT "concept_detectors_deployment_id_fkey" FOREIGN KEY ("deployment_id") REFERENCES "deployments"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "concept_signals" ADD CONSTRAINT "concept_signals_deployment_id_fkey" FOREIGN KEY ("deployment_id") REFERENCES "deployments"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "retraining_requests" ADD CONSTRAINT "retraining_requests_model_id_fkey" FOREIGN KEY ("model_id") REFERENCES "models"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "retraining_requests" ADD CONSTRAINT "retraining_requests_deployment_id_fkey" FOREIGN KEY ("deployment_id") REFERENCES "deployments"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "retraining_requests" ADD CONSTRAINT "retraining_requests_version_id_fkey" FOREIGN KEY ("version_id") REFERENCES "model_versions"("id") ON DELETE SET NULL ON UPDATE CASCADE;
