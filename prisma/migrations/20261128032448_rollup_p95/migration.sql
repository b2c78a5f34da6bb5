-- AlterTable
ALTER TABLE "metric_rollups" ADD COLUMN     "p95" DOUBLE PRECISION;
