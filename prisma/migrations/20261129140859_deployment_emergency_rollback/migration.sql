-- AlterTable
ALTER TABLE "deployments" ADD COLUMN     "emergency" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "emergency_gates" JSONB;
