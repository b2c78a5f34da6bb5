-- DropForeignKey
ALTER TABLE "alerts" DROP CONSTRAINT "alerts_rule_id_fkey";

-- AlterTable
ALTER TABLE "alerts" ADD COLUMN     "rule_condition" JSONB,
ADD COLUMN     "rule_name" TEXT,
ALTER COLUMN "rule_id" DROP NOT NULL;

-- AddForeignKey
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_rule_id_fkey" FOREIGN KEY ("rule_id") REFERENCES "alert_rules"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Alerts outlive their rule (issue 14): each keeps the rule's name and condition as they
-- were when it opened. Backfill the existing alerts from their rules.
UPDATE "alerts" a SET
  "rule_name" = r."name",
  "rule_condition" = jsonb_build_object('kind', r."kind", 'metric', r."metric", 'aggregation', r."aggregation", 'comparator', r."comparator",
                                        'threshold', r."threshold", 'windowSeconds', r."window_seconds")
FROM "alert_rules" r WHERE r."id" = a."rule_id";

-- Every writer (the evaluator's raw INSERT, Prisma, a script) gets the snapshot: a trigger
-- fills it from the rule unless the insert gives one.
CREATE FUNCTION "alerts_snapshot_rule"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."rule_name" IS NULL AND NEW."rule_id" IS NOT NULL THEN
    SELECT r."name",
           jsonb_build_object('kind', r."kind", 'metric', r."metric", 'aggregation', r."aggregation", 'comparator', r."comparator",
                              'threshold', r."threshold", 'windowSeconds', r."window_seconds")
      INTO NEW."rule_name", NEW."rule_condition"
      FROM "alert_rules" r WHERE r."id" = NEW."rule_id";
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER "alerts_snapshot_rule" BEFORE INSERT ON "alerts" FOR EACH ROW EXECUTE FUNCTION "alerts_snapshot_rule"();
