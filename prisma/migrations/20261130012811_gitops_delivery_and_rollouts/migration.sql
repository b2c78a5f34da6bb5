/*
  Warnings:

  - A unique constraint covering the columns `[model_id,target_id]` on the table `deployments` will be added. If there are existing duplicate values, this will fail.
  - A unique constraint covering the columns `[model_id,target_id]` on the table `deployments` will be added. If there are existing duplicate values, this will fail.

*/
-- CreateEnum
CREATE TYPE "CommitState" AS ENUM ('pending', 'committed', 'failed');

-- CreateEnum
CREATE TYPE "RolloutState" AS ENUM ('running', 'paused', 'succeeded', 'rolled_back', 'aborted');

-- DropIndex
DROP INDEX "deployments_one_active_per_model_target";

-- AlterTable
ALTER TABLE "deployment_targets" ADD COLUMN     "delivery" JSONB;

-- AlterTable
ALTER TABLE "deployments" ADD COLUMN     "canary" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "model_versions" ADD COLUMN     "image" TEXT;

-- AlterTable
ALTER TABLE "promotion_requests" ADD COLUMN     "rollout" JSONB;

-- CreateTable
CREATE TABLE "deliveries" (
    "id" TEXT NOT NULL,
    "seq" BIGSERIAL NOT NULL,
    "deployment_id" TEXT NOT NULL,
    "target_id" TEXT NOT NULL,
    "promotion_id" TEXT,
    "reason" TEXT NOT NULL,
    "traffic_percent" INTEGER,
    "repo_url" TEXT NOT NULL,
    "branch" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "manifest" TEXT NOT NULL,
    "state" "CommitState" NOT NULL DEFAULT 'pending',
    "commit" TEXT,
    "error" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lease_until" TIMESTAMP(3),
    "committed_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "deliveries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "rollouts" (
    "id" TEXT NOT NULL,
    "promotion_id" TEXT NOT NULL,
    "model_id" TEXT NOT NULL,
    "target_id" TEXT NOT NULL,
    "canary_id" TEXT NOT NULL,
    "stable_id" TEXT NOT NULL,
    "steps" JSONB NOT NULL,
    "analysis" JSONB NOT NULL,
    "state" "RolloutState" NOT NULL DEFAULT 'running',
    "step_index" INTEGER NOT NULL DEFAULT 0,
    "step_started_at" TIMESTAMP(3) NOT NULL,
    "step_ends_at" TIMESTAMP(3),
    "remaining_ms" INTEGER,
    "extended" BOOLEAN NOT NULL DEFAULT false,
    "verdicts" JSONB NOT NULL DEFAULT '[]',
    "ended_at" TIMESTAMP(3),
    "end_reason" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "rollouts_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "deliveries_seq_key" ON "deliveries"("seq");

-- CreateIndex
CREATE INDEX "deliveries_state_next_attempt_at_idx" ON "deliveries"("state", "next_attempt_at");

-- CreateIndex
CREATE INDEX "deliveries_deployment_id_seq_idx" ON "deliveries"("deployment_id", "seq");

-- CreateIndex
CREATE INDEX "deliveries_target_id_seq_idx" ON "deliveries"("target_id", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "rollouts_promotion_id_key" ON "rollouts"("promotion_id");

-- CreateIndex
CREATE UNIQUE INDEX "rollouts_canary_id_key" ON "rollouts"("canary_id");

-- CreateIndex
CREATE INDEX "rollouts_state_step_ends_at_idx" ON "rollouts"("state", "step_ends_at");

-- CreateIndex
CREATE INDEX "rollouts_target_id_created_at_idx" ON "rollouts"("target_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "deployments_one_active_per_model_target" ON "deployments"("model_id", "target_id") WHERE (status = 'active' AND NOT canary);

-- CreateIndex
CREATE UNIQUE INDEX "deployments_one_canary_per_model_target" ON "deployments"("model_id", "target_id") WHERE (status = 'active' AND canary);

-- AddForeignKey
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_deployment_id_fkey" FOREIGN KEY ("deployment_id") REFERENCES "deployments"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_target_id_fkey" FOREIGN KEY ("target_id") REFERENCES "deployment_targets"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "rollouts" ADD CONSTRAINT "rollouts_promotion_id_fkey" FOREIGN KEY ("promotion_id") REFERENCES "promotion_requests"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "rollouts" ADD CONSTRAINT "rollouts_target_id_fkey" FOREIGN KEY ("target_id") REFERENCES "deployment_targets"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "rollouts" ADD CONSTRAINT "rollouts_canary_id_fkey" FOREIGN KEY ("canary_id") REFERENCES "deployments"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "rollouts" ADD CONSTRAINT "rollouts_stable_id_fkey" FOREIGN KEY ("stable_id") REFERENCES "deployments"("id") ON DELETE CASCADE ON UPDATE CASCADE;
