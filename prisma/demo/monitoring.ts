import { db } from "@/lib/db";
import { transaction } from "@/lib/pg";
import { ingestPredictions } from "@/lib/services/ingest";
import { rollup, type Point, writePoints } from "@/lib/timeseries/store";
import { mulberry32 } from "@/lib/stats/random";
import { loadCsv, loadJson } from "./datasets";
import type { Row } from "./train";

// Thirty days of production for the demo's active deployments: per-minute request latency,
// CPU and memory every five minutes, and an inference log (a prediction every two minutes,
// features drawn from the real datasets, labels arriving for most records older than a day).
// Two things to find: seattle-weather on AWS production slows down six days ago (p95 about
// 1.8x, past its requirement), and its inputs drift for four days two weeks ago (warmer,
// windier days than the training data), with accuracy dipping meanwhile.

const MINUTE = 60_000;
const DAY = 86_400_000;

/** A seeded generator, so the demo is the same on every machine. */
export const rng = mulberry32;

export function normal(r: () => number) {
  return Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
}

interface Profile {
  baseLatency: number; // median ms
  rows: Row[];
  features: string[];
  label: string;
  accuracy: number;
  regression: boolean;
}

function profiles(): Record<string, Profile> {
  const weather = loadCsv("seattle-weather.csv");
  const flights = loadJson("flights-5k.json");
  const penguins = loadJson("penguins.json").filter(
    (r) => r["Beak Length (mm)"] !== null && r["Body Mass (g)"] !== null,
  );
  return {
    "seattle-weather": {
      baseLatency: 22,
      rows: weather,
      features: ["precipitation", "temp_max", "temp_min", "wind"],
      label: "weather",
      accuracy: 0.82,
      regression: false,
    },
    "flight-delay": {
      baseLatency: 45,
      rows: flights,
      features: ["distance", "origin", "destination"],
      label: "delay",
      accuracy: 0,
      regression: true,
    },
    "penguin-species": {
      baseLatency: 12,
      rows: penguins,
      features: ["Beak Length (mm)", "Beak Depth (mm)", "Flipper Length (mm)", "Body Mass (g)"],
      label: "Species",
      accuracy: 0.95,
      regression: false,
    },
  };
}

/** Where the demo's outcomes change without its inputs changing (concept drift, 5 days ago). */
export const CONCEPT_MODEL = "penguin-species";

/**
 * What the demo's models answer for a row, and how sure they are. A classifier's confidence is
 * calibrated by construction (right with probability c) around `expected`, less `shortfall`
 * when the world changed under it without its inputs showing it (concept drift: as sure as
 * ever, wrong more often).
 */
function answer(
  profile: Profile,
  truth: Row[string],
  classes: string[],
  r: () => number,
  { expected, shortfall }: { expected: number; shortfall: number },
): { prediction: string | number; confidence: number } {
  if (profile.regression)
    return {
      prediction: Math.round((Number(truth ?? 0) * 0.4 + 6 + 10 * normal(r)) * 10) / 10,
      confidence: Math.min(1, Math.max(0, 0.6 + 0.15 * normal(r))),
    };
  const confidence = Math.min(0.999, Math.max(1 / classes.length, expected + 0.12 * normal(r)));
  const right = r() < confidence - shortfall;
  return {
    prediction: right ? String(truth) : wrongClass(String(truth), classes, r),
    confidence,
  };
}

/** Another class than the true one. */
function wrongClass(truth: string, classes: string[], r: () => number) {
  const others = classes.filter((c) => c !== truth);
  return others.length ? others[Math.floor(r() * others.length)] : truth;
}

export async function seedMonitoring(
  now = Date.now(),
  log: (m: string) => void = console.log,
): Promise<void> {
  const deployments = await db.deployment.findMany({
    where: { status: "active" },
    include: { model: { select: { slug: true } }, target: { select: { slug: true } } },
  });
  const byModel = profiles();
  const start = now - 30 * DAY;
  let pointsWritten = 0;
  let predictionsWritten = 0;
  for (const [k, d] of deployments.entries()) {
    const profile = byModel[d.model.slug];
    if (!profile) continue;
    const r = rng(1000 + k);
    const from = Math.max(start, d.activatedAt?.getTime() ?? start);
    const slow = d.model.slug === "seattle-weather" && d.target.slug === "aws-prod";
    const regressionAt = now - 6 * DAY;
    const drift = slow ? [now - 14 * DAY, now - 10 * DAY] : null;
    const concept = d.model.slug === CONCEPT_MODEL ? now - 5 * DAY : null;
    const broken: [number, number] | null =
      d.model.slug === "flight-delay" ? [now - 2 * DAY, 0.12] : null;
    const classes = profile.regression
      ? []
      : [...new Set(profile.rows.map((x) => String(x[profile.label])))];

    // Metric points, in batches of 10,000.
    let batch: Point[] = [];
    const flush = async () => {
      if (!batch.length) return;
      const toWrite = batch;
      batch = [];
      pointsWritten += await transaction((c) => writePoints(c, toWrite));
    };
    for (let t = from; t < now; t += MINUTE) {
      const hour = new Date(t).getUTCHours();
      const load = 1 + 0.35 * Math.sin(((hour - 8) / 24) * 2 * Math.PI); // daily traffic cycle
      const factor = slow && t >= regressionAt ? 1.8 : 1;
      const latency = profile.baseLatency * factor * load ** 0.5 * Math.exp(0.35 * normal(r));
      batch.push({
        deploymentId: d.id,
        name: "latency_ms",
        ts: new Date(t),
        value: Math.round(latency * 100) / 100,
      });
      if ((t - from) % (5 * MINUTE) === 0) {
        batch.push({
          deploymentId: d.id,
          name: "cpu_percent",
          ts: new Date(t),
          value: Math.min(99, Math.round((28 * load * factor + 6 * normal(r)) * 10) / 10),
        });
        batch.push({
          deploymentId: d.id,
          name: "memory_mb",
          ts: new Date(t),
          value: Math.round(900 + 60 * load + 15 * normal(r)),
        });
      }
      if (batch.length >= 10_000) await flush();
    }
    await flush();

    // The inference log: one record every two minutes.
    let records: Parameters<typeof ingestPredictions>[2]["records"] = [];
    const send = async () => {
      if (!records.length) return;
      const toSend = records;
      records = [];
      const res = await transaction((c) => ingestPredictions(c, d.id, { records: toSend }));
      predictionsWritten += res.body.accepted;
    };
    let n = 0;
    for (let t = from; t < now; t += 2 * MINUTE) {
      const row = profile.rows[Math.floor(r() * profile.rows.length)];
      const drifting = drift !== null && t >= drift[0] && t < drift[1];
      const features: Record<string, number | string | null> = {};
      for (const f of profile.features) {
        const v = row[f];
        features[f] =
          typeof v === "number" && drifting
            ? Math.round((v + (f === "wind" ? 2.5 : f.startsWith("temp") ? 7 : 0)) * 10) / 10
            : (v ?? null);
      }
      // A feature store outage: a share of requests arrive without their distance.
      if (broken !== null && t >= broken[0] && r() < broken[1]) features.distance = null;
      const truth = row[profile.label];
      // Drifted inputs: less sure, and rightly so. Concept drift: the same inputs, more wrong
      // answers, and a model as sure as ever.
      const { prediction, confidence } = answer(profile, truth, classes, r, {
        expected: drifting ? profile.accuracy - 0.25 : profile.accuracy,
        shortfall: concept !== null && t >= concept ? 0.3 : 0,
      });
      const failed = r() < (slow && t >= regressionAt ? 0.002 : 0.0005);
      const labelled = t < now - DAY && r() < 0.7;
      records.push({
        id: `demo-${d.id.slice(-6)}-${n++}`,
        ts: new Date(t).toISOString(),
        features,
        prediction: failed ? null : prediction,
        confidence: failed ? undefined : Math.round(confidence * 1000) / 1000,
        latencyMs:
          Math.round(
            profile.baseLatency *
              (slow && t >= regressionAt ? 1.8 : 1) *
              Math.exp(0.35 * normal(r)) *
              100,
          ) / 100,
        ...(labelled && !failed
          ? { label: profile.regression ? Number(truth ?? 0) : String(truth) }
          : {}),
        ...(failed ? { error: "upstream feature store timed out" } : {}),
      });
      if (records.length >= 5_000) await send();
    }
    await send();
  }
  // Fold everything into minute and hour rollups now, so 7- and 30-day charts are there at once.
  let ranges = 0;
  for (;;) {
    const { ranges: done } = await rollup(2000);
    ranges += done;
    if (done === 0) break;
  }
  log(
    `Seeded monitoring: ${pointsWritten} metric points, ${predictionsWritten} predictions, ${ranges} series rolled up.`,
  );
}

/**
 * Reference data for every deployed version (the rows its profile draws from), then a daily
 * drift report for each of the last 30 days, then two alert evaluations five minutes apart,
 * so the demo opens with drift history and the alerts its requirements imply.
 */
export async function seedDriftAndAlerts(
  now = Date.now(),
  log: (m: string) => void = console.log,
): Promise<void> {
  const { recordDriftReport } = await import("@/lib/services/drift");
  const { putReference } = await import("@/lib/services/reference");
  const { evaluateAlerts } = await import("@/lib/services/alerts/evaluate");
  const { systemActor } = await import("@/lib/services/audit");
  const deployments = await db.deployment.findMany({
    where: { status: "active" },
    include: {
      model: { select: { slug: true } },
      version: { select: { id: true, version: true } },
    },
  });
  const byModel = profiles();
  const done = new Set<string>();
  for (const d of deployments) {
    const profile = byModel[d.model.slug];
    if (!profile || done.has(d.version.id)) continue;
    done.add(d.version.id);
    // The validation set as the model answered it: features, prediction, true label and the
    // model's confidence, so predictions and labels can drift and accuracy can be estimated.
    const r = rng(77);
    const classes = [...new Set(profile.rows.map((x) => String(x[profile.label])))];
    const rows = profile.rows.slice(0, 5000).map((row) => {
      const features = Object.fromEntries(profile.features.map((f) => [f, row[f] ?? null]));
      if (profile.regression) return features;
      const out = answer(profile, row[profile.label], classes, r, {
        expected: profile.accuracy,
        shortfall: 0,
      });
      return {
        ...features,
        prediction: out.prediction,
        target: String(row[profile.label]),
        confidence: Math.round(out.confidence * 1000) / 1000,
      };
    });
    await putReference(systemActor, { slug: d.model.slug, n: d.version.version }, { rows });
  }
  let reports = 0;
  for (const d of deployments) {
    if (!byModel[d.model.slug]) continue;
    for (let day = 30; day >= 1; day--) {
      const to = new Date(now - (day - 1) * DAY);
      if (await recordDriftReport(d.id, { from: new Date(to.getTime() - DAY), to }, to)) reports++;
    }
  }
  // One data quality warning: flight-delay's requests lose their distance (see seedMonitoring).
  const { createRule } = await import("@/lib/services/alerts/rules");
  await createRule(systemActor, {
    name: "Inputs incomplete or out of range",
    scope: { model: "flight-delay" },
    kind: "data_quality",
    threshold: 0.05,
    aggregation: "avg",
    windowSeconds: (2 * DAY) / 1000,
    forSeconds: 0,
    severity: "warning",
    enabled: true,
  });
  await evaluateAlerts(new Date(now - 6 * MINUTE));
  const result = await evaluateAlerts(new Date(now));
  log(
    `Seeded reference data for ${done.size} versions, ${reports} drift reports, ${result.fired} firing alerts.`,
  );
}
