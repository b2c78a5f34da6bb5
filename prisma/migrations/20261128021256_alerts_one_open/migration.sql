/*
  Warnings:

  - A unique constraint covering the columns `[rule_id,deployment_id]` on the table `alerts` will be added. If there are existing duplicate values, this will fail.

*/
-- CreateIndex
CREATE UNIQUE INDEX "alerts_one_open_per_rule_deployment" ON "alerts"("rule_id", "deployment_id") WHERE (state <> 'resolved');
