-- AlterTable
ALTER TABLE "predictions" ALTER COLUMN "features" SET DATA TYPE JSON;
