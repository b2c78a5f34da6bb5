-- Monitoring follows the endpoint (issue 16): one model on one target, whatever version runs
-- there. A release creates a new deployment; an alert must not stay behind on the replaced one,
-- and a rule made for a deployment must keep applying after it is replaced.

-- Rules: a target scope, and deployment-scoped rules become rules of that deployment's endpoint
-- (the deployment id stays, for the record).
ALTER TABLE "alert_rules" ADD COLUMN "target_id" TEXT;
ALTER TABLE "alert_rules" ADD CONSTRAINT "alert_rules_target_id_fkey" FOREIGN KEY ("target_id") REFERENCES "deployment_targets"("id") ON DELETE CASCADE ON UPDATE CASCADE;
CREATE INDEX "alert_rules_target_id_idx" ON "alert_rules"("target_id");

UPDATE "alert_rules" r SET "model_id" = d."model_id", "target_id" = d."target_id"
FROM "deployments" d WHERE d."id" = r."deployment_id";

-- Alerts: each belongs to its endpoint.
ALTER TABLE "alerts" ADD COLUMN "model_id" TEXT, ADD COLUMN "target_id" TEXT;
UPDATE "alerts" a SET "model_id" = d."model_id", "target_id" = d."target_id"
FROM "deployments" d WHERE d."id" = a."deployment_id";
ALTER TABLE "alerts" ALTER COLUMN "model_id" SET NOT NULL, ALTER COLUMN "target_id" SET NOT NULL;

-- Before the change a release left one open alert per deployment; now there is one per
-- endpoint. Keep the newest open alert of each rule and endpoint, resolve the others, saying why.
UPDATE "alerts" a SET "state" = 'resolved', "resolved_at" = now(), "updated_at" = now(),
  "comment" = concat_ws(E'\n', a."comment", 'Resolved when monitoring moved to endpoints: alert ' || keep."id" || ' stays open for this endpoint.')
FROM (
  SELECT DISTINCT ON ("rule_id", "model_id", "target_id") "id", "rule_id", "model_id", "target_id"
  FROM "alerts" WHERE "state" <> 'resolved' AND "rule_id" IS NOT NULL
  ORDER BY "rule_id", "model_id", "target_id", "started_at" DESC, "id" DESC
) keep
WHERE a."state" <> 'resolved' AND a."rule_id" = keep."rule_id" AND a."model_id" = keep."model_id"
  AND a."target_id" = keep."target_id" AND a."id" <> keep."id";

DROP INDEX "alerts_one_open_per_rule_deployment";
CREATE UNIQUE INDEX "alerts_one_open_per_rule_endpoint" ON "alerts"("rule_id", "model_id", "target_id") WHERE (state <> 'resolved');
CREATE INDEX "alerts_model_id_target_id_state_idx" ON "alerts"("model_id", "target_id", "state");
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_model_id_fkey" FOREIGN KEY ("model_id") REFERENCES "models"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_target_id_fkey" FOREIGN KEY ("target_id") REFERENCES "deployment_targets"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Any writer that names only the deployment (a script, an older instance during a rolling
-- upgrade) gets the endpoint filled in.
CREATE FUNCTION "alerts_fill_endpoint"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."model_id" IS NULL OR NEW."target_id" IS NULL THEN
    SELECT d."model_id", d."target_id" INTO NEW."model_id", NEW."target_id"
      FROM "deployments" d WHERE d."id" = NEW."deployment_id";
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER "alerts_fill_endpoint" BEFORE INSERT ON "alerts" FOR EACH ROW EXECUTE FUNCTION "alerts_fill_endpoint"();
