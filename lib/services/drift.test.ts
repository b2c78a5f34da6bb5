import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { transaction } from "@/lib/pg";
import { featureDrift } from "@/lib/stats/drift";
import { makeTarget, promotableVersion } from "@/lib/testing/fixtures";
import { actorOf } from "./audit";
import {
  checkDrift,
  getDriftSettings,
  recordDriftReport,
  runDriftChecks,
  setDriftConfig,
} from "./drift";
import { findReference, getReference, parseReferenceCsv, putReference } from "./reference";
import { ingestPredictions } from "./ingest";

function lcg(seed: number) {
  let s = seed;
  return () => (s = (s * 1664525 + 1013904223) % 2 ** 32) / 2 ** 32;
}

async function deployedWithReference() {
  const { editor, slug, n, versionId, modelId } = await promotableVersion();
  const target = await makeTarget("staging", 0);
  const d = await db.deployment.create({
    data: { modelId, versionId, targetId: target.id, status: "active", activatedAt: new Date() },
  });
  const rand = lcg(3);
  const reference = Array.from({ length: 2_000 }, () => ({
    temp: 10 + 8 * rand(),
    city: rand() < 0.5 ? "oslo" : rand() < 0.5 ? "rome" : "lima",
  }));
  const summary = await putReference(actorOf(editor), { slug, n }, { rows: reference });
  return { editor, slug, n, deploymentId: d.id, reference, summary };
}

async function pushRows(deploymentId: string, rows: Record<string, unknown>[], start: number) {
  await transaction((c) =>
    ingestPredictions(c, deploymentId, {
      records: rows.map((features, i) => ({
        ts: new Date(start + i * 1000).toISOString(),
        features: features as Record<string, string | number>,
        prediction: 1,
      })),
    }),
  );
}

describe("reference data and drift (PostgreSQL)", () => {
  it("reads a model's drift settings back with its newest reference features, for the model page", async () => {
    const { editor, slug } = await deployedWithReference();
    expect(await getDriftSettings(slug)).toEqual({ config: {}, features: ["city", "temp"] });
    const config = { method: "psi" as const, features: { temp: { threshold: 0.2 } } };
    await setDriftConfig(actorOf(editor), slug, config);
    expect(await getDriftSettings(slug)).toEqual({ config, features: ["city", "temp"] });
    await expect(getDriftSettings("no-such-model")).rejects.toMatchObject({ code: "not_found" });
  });

  it("profiles the reference once and compares a window of the inference log with it", async () => {
    const { deploymentId, reference, summary } = await deployedWithReference();
    expect(summary.rowCount).toBe(2_000);
    expect(summary.features.map((f) => [f.name, f.type])).toEqual([
      ["temp", "numerical"],
      ["city", "categorical"],
    ]);
    const rand = lcg(9);
    const start = Date.now() - 3_600_000;
    const current = Array.from({ length: 600 }, () => ({
      temp: 14 + 8 * rand(),
      city: rand() < 0.5 ? "oslo" : "rome",
    }));
    await pushRows(deploymentId, current, start);
    const result = await checkDrift(deploymentId, {
      from: new Date(start).toISOString(),
      to: new Date(start + 3_600_000).toISOString(),
    });
    expect(result.rowCount).toBe(600);
    // Same answers as the statistics run directly on the raw columns.
    const temp = featureDrift(
      reference.map((r) => r.temp),
      current.map((r) => r.temp),
    );
    const city = featureDrift(
      reference.map((r) => r.city),
      current.map((r) => r.city),
    );
    const byName = Object.fromEntries(result.features.map((f) => [f.name, f]));
    expect(byName.temp).toMatchObject({ method: "wasserstein", drifted: true });
    expect(byName.temp.score).toBeCloseTo(temp.score, 12);
    expect(byName.city).toMatchObject({ method: "jensenshannon", drifted: city.drifted });
    expect(byName.city.score).toBeCloseTo(city.score, 12);
    expect(byName.temp.reference.counts.reduce((a, b) => a + b, 0)).toBe(2_000);
    expect(byName.temp.current.counts.reduce((a, b) => a + b, 0)).toBe(600);
  });

  it("records reports and announces drift.detected once, when drift starts", async () => {
    const { deploymentId } = await deployedWithReference();
    const rand = lcg(5);
    const t = Date.now() - 5 * 3_600_000;
    const window = (h: number) => ({
      from: new Date(t + h * 3_600_000),
      to: new Date(t + (h + 1) * 3_600_000),
    });
    const city = () => (rand() < 0.5 ? "oslo" : rand() < 0.5 ? "rome" : "lima");
    await pushRows(
      deploymentId,
      Array.from({ length: 300 }, () => ({ temp: 10 + 8 * rand(), city: city() })),
      t,
    );
    await pushRows(
      deploymentId,
      Array.from({ length: 300 }, () => ({ temp: 30 + 8 * rand(), city: "lima" })),
      t + 3_600_000,
    );
    await pushRows(
      deploymentId,
      Array.from({ length: 300 }, () => ({ temp: 31 + 8 * rand(), city: "lima" })),
      t + 2 * 3_600_000,
    );
    const reports = [
      await recordDriftReport(deploymentId, window(0)),
      await recordDriftReport(deploymentId, window(1)),
      await recordDriftReport(deploymentId, window(2)),
    ];
    expect(reports.map((r) => r?.drifted)).toEqual([false, true, true]);
    const events = await db.domainEvent.findMany({
      where: { type: "drift.detected", subjectId: deploymentId },
    });
    expect(events).toHaveLength(1);
    expect(events[0].data).toMatchObject({
      deploymentId,
      driftedFeatures: expect.arrayContaining([expect.objectContaining({ name: "temp" })]),
    });
  });

  it("checks every deployment though one's reference cannot be read, and says which failed", async () => {
    const broken = await deployedWithReference();
    await db.referenceDataset.updateMany({
      where: { version: { model: { slug: broken.slug } } },
      data: { profile: {} },
    });
    const good = await deployedWithReference();
    const now = Date.now();
    await pushRows(broken.deploymentId, [{ temp: 12, city: "oslo" }], now - 60_000);
    await pushRows(good.deploymentId, [{ temp: 12, city: "oslo" }], now - 60_000);
    const result = await runDriftChecks(new Date(now));
    expect(result.failed).toBeGreaterThanOrEqual(1);
    expect(await db.driftReport.count({ where: { deploymentId: good.deploymentId } })).toBe(1);
    expect(await db.driftReport.count({ where: { deploymentId: broken.deploymentId } })).toBe(0);
    await expect(checkDrift(broken.deploymentId, { range: "1h" })).rejects.toMatchObject({
      code: "unprocessable",
    });
  });

  it("reads CSV, refuses a version without reference data with 422", async () => {
    expect(parseReferenceCsv("a,b,c\n1,x,\n2.5,y,NaN\n")).toEqual([
      { a: 1, b: "x", c: null },
      { a: 2.5, b: "y", c: null },
    ]);
    expect(() => parseReferenceCsv("a,b\n1,2,3\n")).toThrow(AppError);
    const { versionId, modelId, slug } = await promotableVersion();
    const target = await makeTarget("staging", 0);
    const d = await db.deployment.create({
      data: { modelId, versionId, targetId: target.id, status: "active", activatedAt: new Date() },
    });
    const err = await checkDrift(d.id, {}).catch((e: AppError) => e);
    expect((err as AppError).status).toBe(422);
    await expect(getReference(slug, 1)).rejects.toMatchObject({ status: 404 });
    // Pages show "no reference data yet" instead of a 404.
    expect(await findReference(slug, 1)).toBeNull();
  });
});
