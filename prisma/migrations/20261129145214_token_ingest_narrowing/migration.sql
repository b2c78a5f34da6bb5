-- AlterTable
ALTER TABLE "api_tokens" ADD COLUMN     "deployment_ids" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "model_id" TEXT;

-- AddForeignKey
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_model_id_fkey" FOREIGN KEY ("model_id") REFERENCES "models"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
