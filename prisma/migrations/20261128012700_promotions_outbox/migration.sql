/*
  Warnings:

  - A unique constraint covering the columns `[version_id,target_id]` on the table `promotion_requests` will be added. If there are existing duplicate values, this will fail.
  - Added the required column `snapshot` to the `promotion_requests` table without a default value. This is not possible if the table is not empty.

*/
-- AlterTable
ALTER TABLE "deployments" ADD COLUMN     "rollback_reason" TEXT;

-- AlterTable
ALTER TABLE "promotion_requests" ADD COLUMN     "cancelled_by_id" TEXT,
ADD COLUMN     "snapshot" JSONB NOT NULL;

-- CreateTable
CREATE TABLE "domain_events" (
    "seq" BIGSERIAL NOT NULL,
    "id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "subject_type" TEXT NOT NULL,
    "subject_id" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "dispatched_at" TIMESTAMP(3),

    CONSTRAINT "domain_events_pkey" PRIMARY KEY ("seq")
);

-- CreateIndex
CREATE UNIQUE INDEX "domain_events_id_key" ON "domain_events"("id");

-- CreateIndex
CREATE INDEX "domain_events_dispatched_at_seq_idx" ON "domain_events"("dispatched_at", "seq");

-- CreateIndex
CREATE INDEX "domain_events_subject_type_subject_id_idx" ON "domain_events"("subject_type", "subject_id");

-- CreateIndex
CREATE UNIQUE INDEX "promotion_requests_one_pending" ON "promotion_requests"("version_id", "target_id") WHERE (status = 'pending');
