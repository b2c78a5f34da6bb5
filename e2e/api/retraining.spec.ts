import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { driftEndpoints } from "@/lib/endpoints/drift";
import { retrainingEndpoints } from "@/lib/endpoints/retraining";
import { versionEndpoints } from "@/lib/endpoints/versions";
import { parsed } from "../support/api";
import { bearer, unique } from "../support/fixtures";
import { createTarget, promotable, ship } from "../support/promotions";

// The monitoring loop as a data scientist meets it over the API: reference data with
// predictions, labels and confidences; traffic whose outcomes degrade; concept drift detected by
// the background jobs, the estimate falling before the labels arrive, a retraining request with
// its evidence delivered to a webhook, and the request closed by registering the next version.

function lcg(seed: number) {
  let s = seed;
  return () => (s = (s * 1664525 + 1013904223) % 2 ** 32) / 2 ** 32;
}

/** One classifier output; its confidence is calibrated (correct with probability c). */
function output(rand: () => number, c: number) {
  const prediction = rand() < 0.4 ? "rain" : "sun";
  const correct = rand() < c;
  return {
    prediction,
    confidence: c,
    target: correct ? prediction : prediction === "rain" ? "sun" : "rain",
  };
}

test("retraining loop – degrading outcomes open a request with evidence; the next version closes it", async ({
  request,
}) => {
  test.setTimeout(180_000);
  const editor = bearer("editor");
  const admin = bearer("admin");
  const slug = await promotable(request);
  const target = await createTarget(request, "staging", 1);
  const deploymentId = await ship(request, slug, 1, target.slug);

  const rand = lcg(42);
  // The validation set spans confidences from 0.5 to 1: a calibration says nothing about
  // confidences it never saw.
  const rows = Array.from({ length: 2_000 }, () => ({
    temp: 10 + 10 * rand(),
    ...output(rand, 0.5 + 0.5 * rand()),
  }));
  const ref = await request.put(`/api/v1/models/${slug}/versions/1/reference`, {
    headers: editor,
    data: { rows },
  });
  expect(ref.status(), await ref.text()).toBe(200);
  expect((await parsed(ref, driftEndpoints.putReference)).performanceEstimation).toMatchObject({
    available: true,
    kind: "binary",
  });
  const policy = await request.put(`/api/v1/models/${slug}/retraining-policy`, {
    headers: editor,
    data: { signals: ["concept_drift", "estimated_performance"], cooldownHours: 1 },
  });
  expect(policy.status(), await policy.text()).toBe(200);

  const received: { type: string; data: Record<string, unknown> }[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      const event = JSON.parse(body) as { type: string; data: Record<string, unknown> };
      if ((event.data as { request?: { model?: string } }).request?.model === slug)
        received.push(event);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const hook = await request.post("/api/v1/webhooks", {
    headers: admin,
    data: {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/${unique("hook")}`,
      events: ["retraining.requested", "retraining.closed"],
    },
  });
  expect(hook.status(), await hook.text()).toBe(201);
  const hookId = ((await hook.json()) as { id: string }).id;

  try {
    // A day of good traffic with its labels, then two hours where the model is often wrong and
    // less sure; those labels have not arrived yet.
    const now = Date.now();
    const push = async (records: Record<string, unknown>[]) => {
      for (let i = 0; i < records.length; i += 500) {
        const res = await request.post(`/api/v1/deployments/${deploymentId}/predictions`, {
          headers: editor,
          data: { records: records.slice(i, i + 500) },
        });
        expect(res.status(), await res.text()).toBe(202);
      }
    };
    const good = Array.from({ length: 1_000 }, (_, i) => {
      const o = output(rand, 0.9);
      return {
        id: `good-${i}`,
        ts: new Date(now - 26 * 3_600_000 + i * 60_000).toISOString(),
        features: { temp: 10 + 10 * rand() },
        prediction: o.prediction,
        confidence: o.confidence,
        label: o.target,
      };
    });
    const bad = Array.from({ length: 600 }, (_, i) => {
      const o = output(rand, 0.55);
      return {
        id: `bad-${i}`,
        ts: new Date(now - 2 * 3_600_000 + i * 10_000).toISOString(),
        features: { temp: 10 + 10 * rand() },
        prediction: o.prediction,
        confidence: o.confidence,
        target: o.target,
      };
    });
    await push(good);
    await push(bad.map(({ target: _, ...r }) => r));

    const performance = async () =>
      parsed(
        await request.get(`/api/v1/deployments/${deploymentId}/performance?range=24h`, {
          headers: editor,
        }),
        driftEndpoints.performance,
      );
    const before = await performance();
    expect(before.available).toBe(true);
    const labelled = before.points.filter((p) => p.realized.count > 0);
    const unlabelled = before.points.filter((p) => p.count > 0 && p.realized.count === 0);
    expect(unlabelled.length).toBeGreaterThan(0);
    const mean = (ps: typeof before.points) =>
      ps.reduce((s, p) => s + p.estimated.accuracy!.value, 0) / ps.length;
    // The estimate fell with the confidences, before any label said so.
    expect(mean(unlabelled)).toBeLessThan(mean(labelled) - 0.2);

    // The labels arrive.
    for (let i = 0; i < 300; i += 30)
      await Promise.all(
        bad.slice(i, i + 30).map(async (r) => {
          const res = await request.patch(
            `/api/v1/deployments/${deploymentId}/predictions/${r.id}`,
            { headers: editor, data: { label: r.target } },
          );
          expect(res.status()).toBe(200);
        }),
      );

    // The background job feeds the detectors every 30 s.
    await expect
      .poll(
        async () => {
          const concept = await parsed(
            await request.get(`/api/v1/deployments/${deploymentId}/concept-drift?range=30d`, {
              headers: editor,
            }),
            driftEndpoints.concept,
          );
          return concept.signals.filter((s) => s.level === "drift" && s.direction !== "down")
            .length;
        },
        { timeout: 120_000, intervals: [2_000] },
      )
      .toBeGreaterThan(0);

    const list = await parsed(
      await request.get(`/api/v1/models/${slug}/retraining`, { headers: editor }),
      retrainingEndpoints.list,
    );
    expect(list.items).toHaveLength(1);
    const opened = list.items[0];
    expect(opened.state).toBe("open");
    expect(opened.evidence.map((e) => e.signal)).toContain("concept_drift");
    expect(opened.evidence[0]).toMatchObject({ deploymentId, target: target.name, version: 1 });

    await expect
      .poll(() => received.find((e) => e.type === "retraining.requested")?.data, {
        timeout: 60_000,
      })
      .toMatchObject({ request: { id: opened.id, state: "open" } });

    const v2 = await request.post(`/api/v1/models/${slug}/versions`, {
      headers: editor,
      data: { artifactUri: `s3://models/${slug}/2/model.onnx`, retrainingRequestId: opened.id },
    });
    expect(v2.status(), await v2.text()).toBe(201);
    expect((await parsed(v2, versionEndpoints.register)).retrainingRequestId).toBe(opened.id);
    const closed = await parsed(
      await request.get(`/api/v1/retraining/${opened.id}`, { headers: editor }),
      retrainingEndpoints.get,
    );
    expect(closed).toMatchObject({ state: "closed", version: 2 });
    expect(closed.summary).toMatch(/^v2 was trained because of /);
    await expect
      .poll(() => received.some((e) => e.type === "retraining.closed"), { timeout: 60_000 })
      .toBe(true);
  } finally {
    await request.delete(`/api/v1/webhooks/${hookId}`, { headers: admin });
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  }
});

test("retraining – bad input changes nothing and says what is wrong", async ({ request }) => {
  const slug = await promotable(request);
  const editor = bearer("editor");
  const bad = await request.put(`/api/v1/models/${slug}/retraining-policy`, {
    headers: editor,
    data: { signals: ["vibes", "concept_drift", "concept_drift"], cooldownHours: -1 },
  });
  expect(bad.status()).toBe(400);
  const problem = (await bad.json()) as { errors: { path: string }[] };
  expect(problem.errors.map((e) => e.path).sort()).toEqual(
    expect.arrayContaining(["cooldownHours", "signals.0"]),
  );
  const after = await parsed(
    await request.get(`/api/v1/models/${slug}/retraining-policy`, { headers: editor }),
    retrainingEndpoints.getPolicy,
  );
  expect(after.policy).toBeNull();
  const viewer = await request.put(`/api/v1/models/${slug}/retraining-policy`, {
    headers: bearer("viewer"),
    data: {},
  });
  expect(viewer.status()).toBe(403);
  const unknown = await request.post(`/api/v1/models/${slug}/versions`, {
    headers: editor,
    data: { artifactUri: `s3://models/${slug}/2/model.onnx`, retrainingRequestId: "nope" },
  });
  expect(unknown.status()).toBe(400);
  expect(((await unknown.json()) as { errors: { path: string }[] }).errors[0].path).toBe(
    "retrainingRequestId",
  );
  const versions = await request.get(`/api/v1/models/${slug}/versions`, { headers: editor });
  expect(((await versions.json()) as { items: unknown[] }).items).toHaveLength(1);
  expect(
    (
      await request.post(`/api/v1/retraining/nope/dismiss`, {
        headers: editor,
        data: { reason: "x" },
      })
    ).status(),
  ).toBe(404);
});
