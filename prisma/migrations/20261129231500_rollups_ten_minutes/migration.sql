-- A third rollup tier between minutes and hours: a 30-day chart at 2,000 buckets (30-minute
-- buckets) merges 4,320 ten-minute sketches per series instead of 43,200 minute ones.
ALTER TYPE "RollupResolution" ADD VALUE 'ten_minutes';

-- Every series that still has minute rollups (and so its raw points) is marked for the rollup
-- job, which writes its 10-minute rollups; hour rollups older than the raw retention stay as they are.
INSERT INTO "metric_dirty" ("deployment_id", "name", "from_ts", "to_ts")
SELECT "deployment_id", "name", min("bucket"), max("bucket") + interval '1 minute'
FROM "metric_rollups" WHERE "resolution" = 'minute'
GROUP BY 1, 2;
