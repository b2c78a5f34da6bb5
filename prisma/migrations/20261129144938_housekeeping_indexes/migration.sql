-- CreateIndex
CREATE INDEX "checklist_presence_seen_at_idx" ON "checklist_presence"("seen_at");

-- CreateIndex
CREATE INDEX "login_attempts_created_at_idx" ON "login_attempts"("created_at");

-- CreateIndex
CREATE INDEX "webhook_deliveries_created_at_idx" ON "webhook_deliveries"("created_at");
