import { invalidField, notFound } from "@/lib/errors";
import { keyset } from "@/lib/pagination";
import { foldRollups, planQuery, resolveRange, type Bucket } from "@/lib/timeseries/downsample";
import { foldedRollups, rawBuckets, rollupRows } from "@/lib/timeseries/store";
import { pool } from "@/lib/pg";
import { db } from "@/lib/db";
import {
  PREDICTION_SERIES,
  requireDeployment,
  selectPrediction,
  serializePrediction,
  type PredictionRow,
} from "./ingest";
import {
  endpointOfDeployment,
  findEndpoint,
  serializeEndpoint,
  serializeRelease,
} from "./endpoints";

/** The latency a model server reports itself (the charts prefer it to its predictions' latency). */
export const LATENCY_SERIES = "latency_ms";

// Reading monitoring data back: downsampled metric series, series derived from predictions,
// the inference log and the fleet overview. All time-series SQL is hand-written.

/** Whose data a read covers: one deployment, its endpoint across releases, or an endpoint. */
export type ReadScope =
  | string
  | { deploymentId: string; across?: "deployment" | "endpoint" }
  | { model: string; target: string };

/** The deployments whose data a read covers, and each one's version where that is worth saying. */
async function scopeOf(
  scope: ReadScope,
): Promise<{ ids: string[]; versions?: Map<string, number> }> {
  if (typeof scope === "string") scope = { deploymentId: scope };
  if ("deploymentId" in scope && scope.across !== "endpoint") {
    await requireDeployment(scope.deploymentId);
    return { ids: [scope.deploymentId] };
  }
  const e =
    "deploymentId" in scope
      ? await endpointOfDeployment(scope.deploymentId)
      : await findEndpoint(scope.model, scope.target);
  return {
    ids: e.deploymentIds,
    versions: new Map(e.releases.map((r) => [r.deploymentId, r.version])),
  };
}

function checkedRange(q: { from?: string; to?: string; range?: string }) {
  const { from, to } = resolveRange(q);
  if (!(to > from)) {
    throw invalidField("query.to", "must be after from", "Empty time range");
  }
  if (to - from > 400 * 86_400_000) {
    throw invalidField("query.from", "ranges are limited to 400 days", "Time range too long");
  }
  return { from, to };
}

export async function metricSeries(
  scope: ReadScope,
  q: { name: string; from?: string; to?: string; range?: string; buckets: number },
) {
  const { from, to } = checkedRange(q);
  const { ids: deploymentIds } = await scopeOf(scope);
  const { source, bucketSeconds } = planQuery(from, to, q.buckets);
  let points: Bucket[];
  if (source === "raw") {
    const rows = await rawBuckets({
      deploymentIds,
      name: q.name,
      from: new Date(from),
      to: new Date(to),
      bucketSeconds,
    });
    points = rows.map((r) => ({
      ts: r.bucket.toISOString(),
      count: r.count,
      avg: r.avg,
      min: r.min,
      max: r.max,
      p50: r.p50,
      p95: r.p95,
      p99: r.p99,
    }));
  } else {
    const rows = await rollupRows({
      deploymentIds,
      name: q.name,
      from: new Date(from),
      to: new Date(to),
      resolution: source,
    });
    points = foldRollups(rows, from, bucketSeconds);
  }
  return {
    name: q.name,
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    bucketSeconds,
    source,
    points,
  };
}

/**
 * The narrowest prediction bucket, in seconds: a minute, so each bucket's percentiles rest on
 * enough requests; 5 s for ranges under an hour (a canary step of seconds, a custom zoom), where
 * minute buckets would leave one or two points to draw.
 */
const minPredictionBucket = (rangeMs: number) => (rangeMs < 3_600_000 ? 5 : 60);

/** Throughput, error rate, latency percentiles, accuracy and the confidence histogram, from predictions. */
export async function predictionSummary(
  scope: ReadScope,
  q: { from?: string; to?: string; range?: string; buckets: number },
) {
  const { from, to } = checkedRange(q);
  const { ids } = await scopeOf(scope);
  const { bucketSeconds } = planQuery(from, to, q.buckets);
  const width = Math.max(bucketSeconds, minPredictionBucket(to - from));
  const args = [ids, new Date(from).toISOString(), new Date(to).toISOString(), width];
  const [series, histogram] = await Promise.all([
    pool().query<{
      bucket: Date;
      count: number;
      errors: number;
      p50: number | null;
      p95: number | null;
      p99: number | null;
      labeled: number;
      correct: number;
    }>(
      `SELECT date_bin(make_interval(secs => $4), ts, $2::timestamptz) AS bucket,
              count(*)::int AS count, count(error)::int AS errors,
              percentile_disc(0.5) WITHIN GROUP (ORDER BY latency_ms) AS p50,
              percentile_disc(0.95) WITHIN GROUP (ORDER BY latency_ms) AS p95,
              percentile_disc(0.99) WITHIN GROUP (ORDER BY latency_ms) AS p99,
              count(label)::int AS labeled,
              count(*) FILTER (WHERE label IS NOT NULL AND prediction = label)::int AS correct
       FROM predictions WHERE deployment_id = ANY($1::text[]) AND ts >= $2 AND ts < $3
       GROUP BY 1 ORDER BY 1`,
      args,
    ),
    pool().query<{ bin: number; count: number }>(
      `SELECT least(width_bucket(confidence, 0, 1, 10), 10) AS bin, count(*)::int AS count
       FROM predictions WHERE deployment_id = ANY($1::text[]) AND ts >= $2 AND ts < $3 AND confidence IS NOT NULL
       GROUP BY 1 ORDER BY 1`,
      args.slice(0, 3),
    ),
  ]);
  const points = series.rows.map((r) => ({
    ts: r.bucket.toISOString(),
    count: r.count,
    perSecond: r.count / width,
    errorRate: r.count ? r.errors / r.count : null,
    latencyP50: r.p50,
    latencyP95: r.p95,
    latencyP99: r.p99,
    labeled: r.labeled,
    accuracy: r.labeled ? r.correct / r.labeled : null,
  }));
  const bins = new Map(histogram.rows.map((r) => [r.bin, r.count]));
  const confidence = Array.from({ length: 10 }, (_, i) => ({
    from: i / 10,
    to: (i + 1) / 10,
    count: bins.get(i + 1) ?? 0,
  }));
  const totals = series.rows.reduce(
    (t, r) => ({
      count: t.count + r.count,
      errors: t.errors + r.errors,
      labeled: t.labeled + r.labeled,
      correct: t.correct + r.correct,
    }),
    { count: 0, errors: 0, labeled: 0, correct: 0 },
  );
  return {
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    bucketSeconds: width,
    points,
    confidence,
    totals,
  };
}

/** The inference log: newest first, keyset-paginated on (ts, id). */
export async function listPredictions(
  scope: ReadScope,
  q: {
    from?: string;
    to?: string;
    minConfidence?: number;
    maxConfidence?: number;
    hasLabel?: "true" | "false";
    hasError?: "true" | "false";
    prediction?: string;
    limit: number;
    cursor?: string;
  },
) {
  const { ids, versions } = await scopeOf(scope);
  const where = ["deployment_id = ANY($1::text[])"];
  const args: unknown[] = [ids];
  const add = (sql: string, value: unknown) => {
    args.push(value);
    where.push(sql.replace("?", `$${args.length}`));
  };
  if (q.from) add("ts >= ?", q.from);
  if (q.to) add("ts < ?", q.to);
  if (q.minConfidence !== undefined) add("confidence >= ?", q.minConfidence);
  if (q.maxConfidence !== undefined) add("confidence <= ?", q.maxConfidence);
  if (q.hasLabel) where.push(q.hasLabel === "true" ? "label IS NOT NULL" : "label IS NULL");
  if (q.hasError) where.push(q.hasError === "true" ? "error IS NOT NULL" : "error IS NULL");
  if (q.prediction !== undefined) {
    // A plain word matches a JSON string; anything that parses as JSON matches that value.
    let value: string;
    try {
      value = JSON.stringify(JSON.parse(q.prediction));
    } catch {
      value = JSON.stringify(q.prediction);
    }
    add("prediction = ?::jsonb", value);
  }
  const keys = keyset(q);
  if (keys.cursor) {
    args.push(String(keys.cursor.v), keys.cursor.id);
    where.push(`(ts, id) < ($${args.length - 1}::timestamptz, $${args.length})`);
  }
  args.push(keys.take);
  const { rows } = await pool().query<PredictionRow>(
    `${selectPrediction} WHERE ${where.join(" AND ")} ORDER BY ts DESC, id DESC LIMIT $${args.length}`,
    args,
  );
  const page = keys.page(rows, (p) => ({ v: p.ts.toISOString(), id: p.id }));
  const items = page.items.map((p) => {
    const dto = serializePrediction(p);
    const version = versions?.get(p.deployment_id);
    return version === undefined ? dto : { ...dto, version };
  });
  return { items, nextCursor: page.nextCursor };
}

/** An endpoint's health: against the requirements, or no traffic in its latest buckets. */
type Health = "ok" | "warn" | "crit" | "idle";

/** Unhealthy first: what needs someone comes before what is fine. */
const HEALTH_ORDER: Record<Health, number> = { crit: 0, warn: 1, idle: 2, ok: 3 };

/**
 * Pure: rollup rows (count, sum, exact p95 each) into wider buckets. A wide bucket's p95 is the
 * largest of its rows' p95 — conservative (never below the true p95 of the worst hour) and
 * free of sketches, which is what keeps the fleet view fast.
 */
/** One row per endpoint with a version running: the series follow it across releases. */
async function runningEndpoints() {
  const deployments = await db.deployment.findMany({
    where: { status: "active" },
    include: {
      model: {
        select: {
          slug: true,
          name: true,
          requirements: { select: { latencyP95Ms: true, maxErrorRate: true } },
        },
      },
      version: { select: { version: true } },
      target: { select: { slug: true, name: true, environment: true } },
    },
    orderBy: [{ activatedAt: "asc" }, { id: "asc" }],
  });
  const endpoints = new Map<string, { running: typeof deployments; ids: string[] }>();
  for (const d of deployments) {
    const key = `${d.modelId}/${d.targetId}`;
    const e = endpoints.get(key);
    if (e) e.running.push(d);
    else endpoints.set(key, { running: [d], ids: [] });
  }
  if (endpoints.size) {
    const { rows } = await pool().query<{ key: string; id: string }>(
      `SELECT model_id || '/' || target_id AS key, id FROM deployments
       WHERE (model_id, target_id) IN (SELECT model_id, target_id FROM deployments WHERE status = 'active')`,
    );
    for (const r of rows) endpoints.get(r.key)?.ids.push(r.id);
  }
  return [...endpoints.values()];
}

/**
 * Pure: an endpoint's health from its latest buckets. "Latest" means the last three bucket
 * widths of the range, not the last three buckets that have data: an endpoint whose traffic
 * stopped yesterday has no traffic, it is not healthy on yesterday's figures.
 */
export function judgeHealth(
  latency: { ts: string; p95: number | null; count: number }[],
  errors: { ts: string; count: number; sum: number }[],
  req: { latencyP95Ms: number | null; maxErrorRate: number | null } | null,
  recentFrom: number,
) {
  const recent = latency.filter((b) => Date.parse(b.ts) >= recentFrom && b.count > 0);
  const recentErr = errors.filter((b) => Date.parse(b.ts) >= recentFrom && b.count > 0);
  const p95s = recent.map((b) => b.p95).filter((v): v is number => v !== null);
  const p95 = p95s.length ? Math.max(...p95s) : null;
  const recentCount = recentErr.reduce((a, b) => a + b.count, 0);
  const errorRate = recentCount ? recentErr.reduce((a, b) => a + b.sum, 0) / recentCount : null;
  const reasons: string[] = [];
  let health: Health = p95 === null && errorRate === null ? "idle" : "ok";
  if (health === "idle") {
    const last = [...latency, ...errors].filter((b) => b.count > 0).map((b) => Date.parse(b.ts));
    reasons.push(
      last.length
        ? `no requests since ${new Date(Math.max(...last)).toISOString().slice(0, 16).replace("T", " ")} UTC`
        : "no requests in the range",
    );
  }
  if (req?.latencyP95Ms != null && p95 !== null) {
    if (p95 > req.latencyP95Ms) {
      health = "crit";
      reasons.push(`p95 latency ${p95.toFixed(0)} ms > ${req.latencyP95Ms} ms`);
    } else if (p95 > 0.8 * req.latencyP95Ms) {
      health = "warn";
      reasons.push(`p95 latency ${p95.toFixed(0)} ms is near the ${req.latencyP95Ms} ms target`);
    }
  }
  if (req?.maxErrorRate != null && errorRate !== null && errorRate > req.maxErrorRate) {
    health = "crit";
    reasons.push(
      `error rate ${(errorRate * 100).toFixed(2)} % > ${(req.maxErrorRate * 100).toFixed(2)} %`,
    );
  }
  return { health, reasons, p95, errorRate };
}

/**
 * Every endpoint with a version running, with sparklines of p95 latency and error rate across
 * its releases and its health against the model's requirements; unhealthy first.
 */
export async function fleet(q: { from?: string; to?: string; range?: string }) {
  const { from, to } = checkedRange({ range: "7d", ...q });
  const endpoints = await runningEndpoints();
  const { source, bucketSeconds } = planQuery(from, to, 56);
  const resolution = source === "raw" ? "minute" : source;
  const width = Math.max(bucketSeconds, resolution === "hour" ? 3600 : 60);
  const rows = endpoints.length
    ? await foldedRollups({
        groups: endpoints.map((e) => e.ids),
        names: [PREDICTION_SERIES.latency, PREDICTION_SERIES.error],
        from: new Date(from),
        to: new Date(to),
        resolution,
        bucketSeconds: width,
      })
    : [];
  const series = new Map<
    string,
    { ts: string; count: number; sum: number; p95: number | null }[]
  >();
  for (const r of rows) {
    const key = `${r.group}/${r.name}`;
    const list = series.get(key) ?? [];
    list.push({ ts: r.bucket.toISOString(), count: r.count, sum: r.sum, p95: r.p95 });
    series.set(key, list);
  }
  const items = endpoints.map(({ running }, i) => {
    const d = running.at(-1)!; // the newest release running there
    const latencyBuckets = series.get(`${i}/${PREDICTION_SERIES.latency}`) ?? [];
    const errorBuckets = series.get(`${i}/${PREDICTION_SERIES.error}`) ?? [];
    const req = d.model.requirements;
    const judged = judgeHealth(latencyBuckets, errorBuckets, req, to - 3 * width * 1000);
    return {
      deploymentId: d.id,
      model: d.model.slug,
      modelName: d.model.name,
      version: d.version.version,
      versions: running.map((r) => r.version.version),
      endpoint: `/api/v1/models/${d.model.slug}/targets/${d.target.slug}`,
      target: d.target.slug,
      targetName: d.target.name,
      environment: d.target.environment,
      activatedAt: d.activatedAt?.toISOString() ?? null,
      requirements: {
        latencyP95Ms: req?.latencyP95Ms ?? null,
        maxErrorRate: req?.maxErrorRate ?? null,
      },
      health: judged.health,
      reasons: judged.reasons,
      latencyP95: judged.p95,
      errorRate: judged.errorRate,
      requests: latencyBuckets.reduce((a, b) => a + b.count, 0),
      errorsTotal: Math.round(errorBuckets.reduce((a, b) => a + b.sum, 0)),
      latency: latencyBuckets.map((b) => ({ ts: b.ts, p95: b.p95 })),
      errors: errorBuckets.map((b) => ({ ts: b.ts, rate: b.count ? b.sum / b.count : null })),
    };
  });
  const envRank = (e: string) => (e === "production" ? 0 : 1);
  items.sort(
    (a, b) =>
      HEALTH_ORDER[a.health] - HEALTH_ORDER[b.health] ||
      envRank(a.environment) - envRank(b.environment) ||
      a.modelName.localeCompare(b.modelName) ||
      a.targetName.localeCompare(b.targetName),
  );
  return {
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    bucketSeconds: width,
    items,
  };
}

/** An endpoint and its releases, as the API shows it. */
export async function getEndpoint(model: string, target: string) {
  return serializeEndpoint(await findEndpoint(model, target));
}

/** Requests, p95 latency, error rate and accuracy of some deployments over one window. */
async function windowFigures(ids: string[], from: Date, to: Date) {
  const range = [ids, from.toISOString(), to.toISOString()];
  const [metrics, labels] = await Promise.all([
    pool().query<{ name: string; n: number; p95: number | null; avg: number | null }>(
      `SELECT name, count(*)::int AS n, avg(value) AS avg,
              percentile_disc(0.95) WITHIN GROUP (ORDER BY value) AS p95
       FROM metric_points WHERE deployment_id = ANY($1::text[]) AND name = ANY($4::text[]) AND ts >= $2 AND ts < $3
       GROUP BY name`,
      [...range, [LATENCY_SERIES, PREDICTION_SERIES.latency, PREDICTION_SERIES.error]],
    ),
    pool().query<{ labeled: number; correct: number }>(
      `SELECT count(*)::int AS labeled, count(*) FILTER (WHERE prediction = label)::int AS correct
       FROM predictions WHERE deployment_id = ANY($1::text[]) AND label IS NOT NULL AND ts >= $2 AND ts < $3`,
      range,
    ),
  ]);
  const by = new Map(metrics.rows.map((r) => [r.name, r]));
  // The server's own latency series when it reports one, else the latency of its predictions.
  const latency = by.get(LATENCY_SERIES) ?? by.get(PREDICTION_SERIES.latency);
  const errors = by.get(PREDICTION_SERIES.error);
  const { labeled, correct } = labels.rows[0];
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    requests: errors?.n ?? latency?.n ?? 0,
    latencyP95: latency?.p95 ?? null,
    errorRate: errors?.avg ?? null,
    labeled,
    accuracy: labeled ? correct / labeled : null,
  };
}

/** The endpoint `days` before a release and after it (up to now), side by side. */
export async function releaseComparison(
  model: string,
  target: string,
  q: { deployment: string; days: number },
  now = new Date(),
) {
  const e = await findEndpoint(model, target);
  const at = e.releases.findIndex((r) => r.deploymentId === q.deployment);
  if (at < 0) throw notFound(`Release "${q.deployment}" on ${e.model}/${e.target}`);
  const release = e.releases[at];
  const t = release.activatedAt.getTime();
  const span = q.days * 86_400_000;
  const [before, after] = await Promise.all([
    windowFigures(e.deploymentIds, new Date(t - span), release.activatedAt),
    windowFigures(
      e.deploymentIds,
      release.activatedAt,
      new Date(Math.max(t, Math.min(t + span, now.getTime()))),
    ),
  ]);
  return {
    release: serializeRelease(release),
    previousVersion: at > 0 ? e.releases[at - 1].version : null,
    before,
    after,
  };
}
