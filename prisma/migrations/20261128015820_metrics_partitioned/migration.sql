-- AlterTable
ALTER TABLE "predictions" ADD COLUMN     "error" TEXT;

-- CreateTable
CREATE TABLE "metric_dirty" (
    "id" BIGSERIAL NOT NULL,
    "deployment_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "from_ts" TIMESTAMPTZ(3) NOT NULL,
    "to_ts" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "metric_dirty_pkey" PRIMARY KEY ("id")
);

-- Hand-written: metric points partitioned by day. Prisma cannot declare partitioning, so the
-- table Prisma created in the first migration is replaced by a partitioned one with the same
-- columns and primary key (which includes the partition key, ts). Daily partitions are
-- created on demand by lib/metrics/store.ts in the schema `metric_partitions`, kept apart so
-- migration tooling that looks at `public` never sees them; retention drops whole partitions.
DROP TABLE "metric_points";
CREATE SCHEMA IF NOT EXISTS metric_partitions;
CREATE TABLE "metric_points" (
    "deployment_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "ts" TIMESTAMPTZ(3) NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,
    CONSTRAINT "metric_points_pkey" PRIMARY KEY ("deployment_id", "name", "ts")
) PARTITION BY RANGE ("ts");

-- The newest predictions of a deployment, and labelled ones for accuracy.
CREATE INDEX "predictions_deployment_labeled_ts_idx" ON "predictions" ("deployment_id", "ts") WHERE "label" IS NOT NULL;
