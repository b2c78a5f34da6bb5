import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { transaction } from "@/lib/pg";
import { runDetector } from "@/lib/stats/concept";
import { makeTarget, promotableVersion, refusal } from "@/lib/testing/fixtures";
import { getAlert } from "./alerts/workflow";
import { actorOf } from "./audit";
import { DETECTOR_KINDS, conceptDrift, runConceptDetectors } from "./concept";
import { ingestPredictions, labelPrediction } from "./ingest";
import { dismissRetraining, listRetraining, setRetrainingPolicy } from "./retraining";
import { registerVersion } from "./versions";

// Concept drift through the database: detectors fed from labelled predictions in passes, their
// state and cursor kept between passes, and what a detection sets off.

function lcg(seed: number) {
  let s = seed;
  return () => (s = (s * 1664525 + 1013904223) % 2 ** 32) / 2 ** 32;
}

/** Outcomes whose error rate steps from 0.1 to 0.4 at `change`. */
function stream(length: number, change: number, seed = 1) {
  const rand = lcg(seed);
  return Array.from({ length }, (_, i) => rand() < (i < change ? 0.1 : 0.4));
}

async function deployed() {
  const { editor, slug, versionId, modelId } = await promotableVersion();
  const target = await makeTarget("production", 0);
  const d = await db.deployment.create({
    data: { modelId, versionId, targetId: target.id, status: "active", activatedAt: new Date() },
  });
  return { editor, slug, modelId, deploymentId: d.id, target };
}

/** Predictions with their labels, one a second from `start`; `wrong[i]` decides the label. */
async function pushLabelled(deploymentId: string, wrong: boolean[], start: number, offset = 0) {
  await transaction((c) =>
    ingestPredictions(c, deploymentId, {
      records: wrong.map((w, i) => ({
        id: `p${offset + i}`,
        ts: new Date(start + (offset + i) * 1000).toISOString(),
        features: { x: 1 },
        prediction: "yes",
        label: w ? "no" : "yes",
      })),
    }),
  );
}

/** Labels are read once they are a few seconds old: a pass "later" sees them. */
const later = () => new Date(Date.now() + 60_000);

describe("concept drift (PostgreSQL)", () => {
  it("feeds each detector in passes and signals where the pure detector does", async () => {
    const { deploymentId } = await deployed();
    const wrong = stream(3_000, 1_500);
    const start = Date.now() - 86_400_000;
    // Two deliveries of labels, each followed by a pass: the state and cursor carry over.
    await pushLabelled(deploymentId, wrong.slice(0, 1_200), start);
    await runConceptDetectors(deploymentId, later());
    await pushLabelled(deploymentId, wrong.slice(1_200), start, 1_200);
    const { detected } = await runConceptDetectors(deploymentId, later());
    expect(detected).toBeGreaterThan(0);
    // A pass with nothing new changes nothing.
    expect((await runConceptDetectors(deploymentId, later())).detected).toBe(0);

    const stored = await db.conceptSignal.findMany({
      where: { deploymentId },
      orderBy: [{ detector: "asc" }, { outcomeIndex: "asc" }],
    });
    for (const kind of DETECTOR_KINDS) {
      const expected = runDetector(kind, null, wrong).signals;
      expect(
        stored.filter((s) => s.detector === kind).map((s) => [s.outcomeIndex, s.level]),
        kind,
      ).toEqual(expected.map((s) => [s.index, s.level]));
      const detector = await db.conceptDetector.findUniqueOrThrow({
        where: { deploymentId_kind: { deploymentId, kind } },
      });
      expect(detector.seen).toBe(3_000);
    }
    // Every drift of the stream came after the change.
    const drifts = stored.filter((s) => s.level === "drift" && s.direction !== "down");
    expect(drifts.every((s) => s.outcomeIndex >= 1_500)).toBe(true);

    const view = await conceptDrift(deploymentId, { range: "7d" });
    expect(view.series.reduce((n, b) => n + b.count, 0)).toBe(3_000);
    expect(view.signals.length).toBe(stored.length);
    expect(view.detectors.map((d) => d.seen)).toEqual([3_000, 3_000, 3_000]);
  });

  it("raises one alert, sends the event, and opens a retraining request the next version closes", async () => {
    const { deploymentId, slug, editor, modelId, target } = await deployed();
    await setRetrainingPolicy(actorOf(editor), slug, {
      enabled: true,
      signals: ["concept_drift"],
      cooldownHours: 24,
    });
    await pushLabelled(deploymentId, stream(3_000, 1_000, 7), Date.now() - 86_400_000);
    await runConceptDetectors(deploymentId, later());

    const alerts = await db.alert.findMany({ where: { modelId, targetId: target.id } });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ state: "firing", ruleId: null });
    expect((alerts[0].ruleCondition as { kind: string }).kind).toBe("concept_drift");
    // No rule raised it, so the API does not call its rule deleted.
    expect(await getAlert(alerts[0].id)).toMatchObject({ ruleDeleted: false, rolloutId: null });
    const events = await db.domainEvent.findMany({
      where: { subjectId: deploymentId, type: "concept_drift.detected" },
    });
    expect(events.length).toBeGreaterThan(0);

    const { items } = await listRetraining(slug, { limit: 10 });
    expect(items).toHaveLength(1);
    const request = items[0];
    expect(request).toMatchObject({ state: "open", signal: "concept_drift", deploymentId });
    expect(request.evidence[0]).toMatchObject({ signal: "concept_drift", target: target.name });
    expect(request.summary).toMatch(/^Retraining requested because of concept drift detected on/);
    const requested = await db.domainEvent.findFirstOrThrow({
      where: { type: "retraining.requested", subjectId: request.id },
    });
    expect((requested.data as { request: { id: string } }).request.id).toBe(request.id);

    const v2 = await registerVersion(actorOf(editor), slug, {
      artifactUri: `s3://models/${slug}/2/model.onnx`,
      retrainingRequestId: request.id,
    });
    expect(v2.retrainingRequestId).toBe(request.id);
    const closed = (await listRetraining(slug, { limit: 10 })).items[0];
    expect(closed).toMatchObject({ state: "closed", version: 2 });
    expect(closed.summary).toMatch(
      new RegExp(
        `^v2 was trained because of concept drift detected on \\d{4}-\\d\\d-\\d\\d on ${target.name}\\.$`,
      ),
    );
    // A closed request closes nothing else, and nothing is registered when it is refused.
    const again = await refusal(
      registerVersion(actorOf(editor), slug, {
        artifactUri: `s3://models/${slug}/3/model.onnx`,
        retrainingRequestId: request.id,
      }),
    );
    expect(again.status).toBe(400);
    expect(await db.modelVersion.count({ where: { modelId } })).toBe(2);
    await expect(dismissRetraining(actorOf(editor), request.id, "done")).rejects.toMatchObject({
      status: 409,
    });
  });

  it("opens nothing without a policy, and feeds a late label in the next pass", async () => {
    const { deploymentId, slug, modelId } = await deployed();
    const start = Date.now() - 3_600_000;
    await pushLabelled(deploymentId, stream(200, 200), start);
    await transaction((c) =>
      ingestPredictions(c, deploymentId, {
        records: [
          { id: "late", ts: new Date(start - 1000).toISOString(), features: {}, prediction: "yes" },
        ],
      }),
    );
    await runConceptDetectors(deploymentId, later());
    await labelPrediction({ deploymentId }, "late", "no");
    await runConceptDetectors(deploymentId, later());
    const ddm = await db.conceptDetector.findUniqueOrThrow({
      where: { deploymentId_kind: { deploymentId, kind: "ddm" } },
    });
    expect(ddm.seen).toBe(201);
    expect(await db.retrainingRequest.count({ where: { modelId } })).toBe(0);
    expect((await listRetraining(slug, { limit: 5 })).items).toEqual([]);
  });
});
