import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type APIRequestContext, expect, test } from "@playwright/test";
import { checklistEndpoints } from "@/lib/endpoints/checklist";
import { driftEndpoints } from "@/lib/endpoints/drift";
import { modelEndpoints } from "@/lib/endpoints/models";
import { monitoringEndpoints } from "@/lib/endpoints/monitoring";
import { deploymentEndpoints, promotionEndpoints } from "@/lib/endpoints/promotions";
import { versionEndpoints } from "@/lib/endpoints/versions";
import { parsed, present } from "../support/api";
import { baseURL, type RunOptions, runCli, show } from "../support/cli";
import { bearer, tokens, unique } from "../support/fixtures";
import { createTarget, decide, promotable } from "../support/promotions";

// The `modelgate` CLI (bin/modelgate.mjs) run as a child process against the running app:
// output and exit codes of every command, bad tokens, usage errors, login, and a 100,000-point
// metrics push from stdin.

let configHome: string;

test.beforeAll(() => {
  configHome = mkdtempSync(path.join(tmpdir(), "modelgate-cli-"));
});

test.afterAll(() => {
  rmSync(configHome, { recursive: true, force: true });
});

const cli = (args: string[], options: RunOptions = {}) => runCli(args, { configHome, ...options });

function tempFile(name: string, content: string): string {
  const file = path.join(configHome, `${Date.now().toString(36)}-${name}`);
  writeFileSync(file, content);
  return file;
}

async function waitForPendingPromotion(request: APIRequestContext, model: string): Promise<string> {
  for (let i = 0; i < 60; i++) {
    const res = await request.get(`/api/v1/promotions?model=${model}&status=pending`, {
      headers: bearer("approver"),
    });
    const items = (await parsed(res, promotionEndpoints.list)).items;
    if (items.length > 0) return items[0].id;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no pending promotion of ${model} appeared`);
}

test.describe("modelgate CLI", () => {
  test.describe.configure({ timeout: 180_000 });

  test("help, version and usage errors", async () => {
    const help = await cli(["--help"]);
    expect(help.code, show(help)).toBe(0);
    for (const cmd of [
      "login",
      "models",
      "versions",
      "checklist",
      "reference",
      "metrics",
      "gate",
      "promote",
      "rollback",
    ])
      expect(help.stdout).toContain(cmd);

    const sub = await cli(["versions", "register", "--help"]);
    expect(sub.code).toBe(0);
    expect(sub.stdout).toContain("--artifact <uri>");
    expect(sub.stdout).toContain("--json");

    const missing = await cli(["gate", "--model", "x", "--target", "y"]);
    expect(missing.code, show(missing)).toBe(2);
    expect(missing.stderr).toContain("required option '--version <n>' not specified");

    const unknown = await cli(["modles", "list"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown command");

    const badNumber = await cli(["checklist", "show", "--model", "x", "--version", "two"]);
    expect(badNumber.code).toBe(2);
    expect(badNumber.stderr).toContain("must be a positive whole number");

    const noUrl = await cli(["models", "list"], { env: { MODELGATE_URL: undefined } });
    expect(noUrl.code).toBe(2);
    expect(noUrl.stderr).toContain("No Modelgate URL");
  });

  test("a bad token exits 2 with a clear message; so does an unreachable server", async () => {
    const bad = await cli(["models", "list"], { token: "mg_not-a-real-token" });
    expect(bad.code, show(bad)).toBe(2);
    expect(bad.stdout).toBe("");
    expect(bad.stderr).toMatch(/^modelgate: The token was refused \(401\): .+/);
    expect(bad.stderr.trim().split("\n")).toHaveLength(1);

    const down = await cli(["models", "list"], {
      env: { MODELGATE_URL: "http://127.0.0.1:9", MODELGATE_MAX_RETRIES: "0" },
    });
    expect(down.code, show(down)).toBe(2);
    expect(down.stderr).toContain("Could not reach Modelgate at http://127.0.0.1:9");
  });

  test("models create and list, as text and JSON; API field errors are listed", async ({
    request,
  }) => {
    const slug = unique("cli");
    const created = await cli([
      "models",
      "create",
      slug,
      "--name",
      "CLI model",
      "--task",
      "classification",
      "--tag",
      "cli",
    ]);
    expect(created.code, show(created)).toBe(0);
    expect(created.stdout).toContain(`Created model ${slug}`);

    const again = await cli(["models", "create", slug, "--json"]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain("(409)");

    const invalid = await cli(["models", "create", "Not A Slug"]);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toMatch(/\(400\)/);
    expect(invalid.stderr).toMatch(/^ {2}slug: .+/m);

    const json = await cli(["models", "create", unique("cli"), "--json"]);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ archived: false, latestVersion: null });

    const list = await cli(["models", "list", "--query", slug]);
    expect(list.code, show(list)).toBe(0);
    expect(list.stdout).toMatch(/^SLUG\s+LATEST/);
    expect(list.stdout).toContain(slug);

    const listJson = await cli(["models", "list", "--tag", "cli", "--all", "--json"]);
    expect(listJson.code).toBe(0);
    const items = JSON.parse(listJson.stdout) as { slug: string; name: string }[];
    expect(items.find((m) => m.slug === slug)).toMatchObject({ name: "CLI model" });
    const api = await request.get(`/api/v1/models/${slug}`, { headers: bearer("viewer") });
    expect((await parsed(api, modelEndpoints.get)).tags).toEqual(["cli"]);
  });

  test("versions register prints the number; report merges metrics; checklist show and tick; reference upload", async ({
    request,
  }) => {
    const slug = unique("cli");
    expect((await cli(["models", "create", slug])).code).toBe(0);
    const metrics = tempFile("metrics.json", JSON.stringify({ accuracy: 0.91, f1: 0.88 }));
    const card = tempFile("README.md", "# Model card\n\nTrained by the CLI test.\n");

    const reg = await cli([
      "versions",
      "register",
      "--model",
      slug,
      "--artifact",
      `s3://models/${slug}/1/model.onnx`,
      "--metrics",
      metrics,
      "--card",
      card,
      "--git-commit",
      "abc1234",
      "--sha256",
      card,
    ]);
    expect(reg.code, show(reg)).toBe(0);
    expect(reg.stdout).toBe("1\n");
    expect(reg.stderr).toContain(`Registered ${slug} v1`);
    const second = await cli([
      "versions",
      "register",
      "--model",
      slug,
      "--artifact",
      `s3://models/${slug}/2/model.onnx`,
      "--image",
      `ghcr.io/acme/${slug}:2`,
    ]);
    expect(second.stdout).toBe("2\n");
    const v1 = await parsed(
      await request.get(`/api/v1/models/${slug}/versions/1`, { headers: bearer("viewer") }),
      versionEndpoints.get,
    );
    expect(v1).toMatchObject({
      evalMetrics: { accuracy: 0.91, f1: 0.88 },
      gitCommit: "abc1234",
      modelCard: expect.stringContaining("Model card"),
      sizeBytes: expect.any(Number),
    });
    expect(v1.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(v1.image).toBeNull();
    const v2 = await parsed(
      await request.get(`/api/v1/models/${slug}/versions/2`, { headers: bearer("viewer") }),
      versionEndpoints.get,
    );
    expect(v2.image).toBe(`ghcr.io/acme/${slug}:2`);

    const badUri = await cli([
      "versions",
      "register",
      "--model",
      slug,
      "--artifact",
      "ftp://nope/x",
    ]);
    expect(badUri.code).toBe(2);
    expect(badUri.stderr).toMatch(/^ {2}artifactUri: .+/m);
    const badImage = await cli([
      "versions",
      "register",
      "--model",
      slug,
      "--artifact",
      `s3://models/${slug}/3/model.onnx`,
      "--image",
      "churn:latest",
    ]);
    expect(badImage.code).toBe(2);
    expect(badImage.stderr).toMatch(/^ {2}image: .+/m);

    const more = tempFile("more.json", JSON.stringify({ auc: 0.95 }));
    const report = await cli([
      "versions",
      "report",
      "--model",
      slug,
      "--version",
      "1",
      "--metrics",
      more,
    ]);
    expect(report.code, show(report)).toBe(0);
    expect(report.stdout).toContain("auc=0.95");
    const after = await parsed(
      await request.get(`/api/v1/models/${slug}/versions/1`, { headers: bearer("viewer") }),
      versionEndpoints.get,
    );
    expect(after.evalMetrics).toEqual({ accuracy: 0.91, f1: 0.88, auc: 0.95 });
    const notNumbers = tempFile("bad.json", JSON.stringify({ auc: "high" }));
    const badReport = await cli([
      "versions",
      "report",
      "--model",
      slug,
      "--version",
      "1",
      "--metrics",
      notNumbers,
    ]);
    expect(badReport.code).toBe(2);
    expect(badReport.stderr).toContain("auc: must be a number");

    const showList = await cli(["checklist", "show", "--model", slug, "--version", "1"]);
    expect(showList.code, show(showList)).toBe(0);
    expect(showList.stdout).toMatch(/checklist: \d+\/\d+ done/);
    expect(showList.stdout).toContain("[ ] cicd.reproducible");

    const tick = await cli([
      "checklist",
      "tick",
      "--model",
      slug,
      "--version",
      "1",
      "cicd.reproducible",
      "integration",
    ]);
    expect(tick.code, show(tick)).toBe(0);
    expect(tick.stdout).toContain("[x] cicd.reproducible");
    expect(tick.stdout).toContain("[x] requirements.integration");
    const checklist = await parsed(
      await request.get(`/api/v1/models/${slug}/versions/1/checklist`, {
        headers: bearer("viewer"),
      }),
      checklistEndpoints.get,
    );
    const items = checklist.stages.flatMap(
      (s: { items: { key: string; id: string; checked: boolean }[] }) => s.items,
    );
    expect(items.find((i: { key: string }) => i.key === "cicd.reproducible")?.checked).toBe(true);

    // By id, with --json.
    const byId = present(
      items.find((i: { key: string }) => i.key === "environment.scaling"),
      "environment.scaling",
    );
    const tickId = await cli([
      "checklist",
      "tick",
      "--model",
      slug,
      "--version",
      "1",
      byId.id,
      "--json",
    ]);
    expect(tickId.code).toBe(0);
    expect(JSON.parse(tickId.stdout)[0]).toMatchObject({ id: byId.id, checked: true, done: true });

    const evidence = await cli([
      "checklist",
      "tick",
      "--model",
      slug,
      "--version",
      "1",
      "preparation.documented",
    ]);
    expect(evidence.code, show(evidence)).toBe(2);
    expect(evidence.stderr).toContain("(422)");
    const unknownItem = await cli([
      "checklist",
      "tick",
      "--model",
      slug,
      "--version",
      "1",
      "no-such-item",
    ]);
    expect(unknownItem.code).toBe(2);
    expect(unknownItem.stderr).toContain('No checklist item "no-such-item"');

    const csv = tempFile("reference.csv", "age,region\n31,north\n45,south\n52,north\n29,east\n");
    const upload = await cli(["reference", "upload", "--model", slug, "--version", "1", csv]);
    expect(upload.code, show(upload)).toBe(0);
    expect(upload.stdout).toContain("4 rows, 2 features");
    expect(upload.stdout).toMatch(/region\s+categorical/);
    const ref = await parsed(
      await request.get(`/api/v1/models/${slug}/versions/1/reference`, {
        headers: bearer("viewer"),
      }),
      driftEndpoints.getReference,
    );
    expect(ref.rowCount).toBe(4);

    const json = await cli([
      "checklist",
      "show",
      "--model",
      slug,
      "--version",
      "1",
      "--stage",
      "cicd",
      "--json",
    ]);
    expect(JSON.parse(json.stdout).stages.map((s: { stage: string }) => s.stage)).toEqual(["cicd"]);

    const missingModel = await cli(["versions", "list", "--model", unique("none")]);
    expect(missingModel.code).toBe(2);
    expect(missingModel.stderr).toContain("(404)");
  });

  test("gate: exit 0 when the gates pass, 1 with each failing gate and why", async ({
    request,
  }) => {
    const slug = await promotable(request);
    const fits = await createTarget(request, "staging");
    const pass = await cli(["gate", "--model", slug, "--version", "1", "--target", fits.slug]);
    expect(pass.code, show(pass)).toBe(0);
    expect(pass.stdout).toMatch(/^PASS {2}/m);
    expect(pass.stdout).not.toMatch(/^FAIL/m);
    expect(pass.stdout).toContain("Gates pass");

    const tooSmall = await createTarget(request, "production", 1, 256);
    const fail = await cli(["gate", "--model", slug, "--version", "1", "--target", tooSmall.slug]);
    expect(fail.code, show(fail)).toBe(1);
    expect(fail.stdout).toMatch(/^FAIL {2}.+/m);
    expect(fail.stdout).toMatch(/^ {8}- .*(memory|MB)/im);
    expect(fail.stdout).toContain("Gates fail");

    const json = await cli([
      "gate",
      "--model",
      slug,
      "--version",
      "1",
      "--target",
      tooSmall.slug,
      "--json",
    ]);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ target: tooSmall.slug, passed: false });

    const refused = await cli([
      "promote",
      "--model",
      slug,
      "--version",
      "1",
      "--target",
      tooSmall.slug,
    ]);
    expect(refused.code, show(refused)).toBe(1);
    expect(refused.stdout).toMatch(/^Refused: /);
  });

  test("promote to a zero-approval target is approved at once; rollback restores the previous version", async ({
    request,
  }) => {
    const slug = await promotable(request, 2);
    const staging = await createTarget(request, "staging");
    const first = await cli([
      "promote",
      "--model",
      slug,
      "--version",
      "1",
      "--target",
      staging.slug,
      "--reason",
      "first ship",
      "--wait",
    ]);
    expect(first.code, show(first)).toBe(0);
    expect(first.stdout).toContain(`Approved: ${slug} v1 is deployed on ${staging.slug}`);

    const second = await cli([
      "promote",
      "--model",
      slug,
      "--version",
      "2",
      "--target",
      staging.slug,
      "--json",
    ]);
    expect(second.code, show(second)).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({
      status: "approved",
      version: 2,
      deploymentId: expect.any(String),
    });

    const noReason = await cli(["rollback", "--model", slug, "--target", staging.slug]);
    expect(noReason.code).toBe(2);

    const rollback = await cli([
      "rollback",
      "--model",
      slug,
      "--target",
      staging.slug,
      "--reason",
      "p95 regression",
    ]);
    expect(rollback.code, show(rollback)).toBe(0);
    expect(rollback.stdout).toContain(
      `Rolled back ${slug} v2 on ${staging.slug}; v1 is active again`,
    );
    const active = await parsed(
      await request.get(`/api/v1/deployments?model=${slug}&target=${staging.slug}&status=active`, {
        headers: bearer("viewer"),
      }),
      deploymentEndpoints.list,
    );
    expect(active.items.map((d: { version: number }) => d.version)).toEqual([1]);

    const nothing = await cli([
      "rollback",
      "--model",
      slug,
      "--target",
      (await createTarget(request, "staging")).slug,
      "--reason",
      "x",
    ]);
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toContain("no active deployment");
  });

  test("promote --canary starts a canary beside the running version and says so", async ({
    request,
  }) => {
    const slug = await promotable(request, 2);
    const staging = await createTarget(request, "staging");
    const ship = (version: string, ...more: string[]) =>
      cli(["promote", "--model", slug, "--version", version, "--target", staging.slug, ...more]);
    expect((await ship("1")).code).toBe(0);
    const canary = await ship("2", "--canary", "10:30m,50:30m", "--reason", "v2 beside v1");
    expect(canary.code, show(canary)).toBe(0);
    const rolloutId = /\(rollout (\S+)\)/.exec(canary.stdout)?.[1];
    expect(canary.stdout).toContain(
      `Approved: ${slug} v2 runs on ${staging.slug} as a canary at 10 % of the traffic (rollout ${rolloutId})`,
    );
    // Both run; the canary is aborted (editors steer staging rollouts), v1 alone again.
    const abort = await request.post(`/api/v1/rollouts/${rolloutId}/abort`, {
      headers: bearer("editor"),
      data: { comment: "the test is done" },
    });
    expect(abort.status(), await abort.text()).toBe(200);
  });

  test("promote --wait to a 1-approval target: exit 1 at the timeout, exit 0 when approved while waiting", async ({
    request,
  }) => {
    const slug = await promotable(request, 2);
    const prod = await createTarget(request, "production", 1);

    const timedOut = await cli([
      "promote",
      "--model",
      slug,
      "--version",
      "1",
      "--target",
      prod.slug,
      "--wait",
      "--timeout",
      "3s",
      "--interval",
      "1s",
    ]);
    expect(timedOut.code, show(timedOut)).toBe(1);
    expect(timedOut.stdout).toContain("Timed out after 3s");
    expect(timedOut.stderr).toContain("is pending: 0/1 approvals");

    // The first request is still pending; cancel it so the second version can be requested.
    const pendingId = await waitForPendingPromotion(request, slug);
    expect(
      (
        await request.post(`/api/v1/promotions/${pendingId}/cancel`, {
          headers: bearer("editor"),
          data: {},
        })
      ).status(),
    ).toBe(200);

    let approvedId = "";
    const approved = await cli(
      [
        "promote",
        "--model",
        slug,
        "--version",
        "2",
        "--target",
        prod.slug,
        "--wait",
        "--timeout",
        "60s",
        "--interval",
        "1s",
      ],
      {
        during: async () => {
          approvedId = await waitForPendingPromotion(request, slug);
          const res = await decide(request, approvedId, "approver", "approve", "looks good");
          expect(res.status(), await res.text()).toBe(200);
        },
      },
    );
    expect(approved.code, show(approved)).toBe(0);
    expect(approved.stdout).toContain(`Approved: ${slug} v2 is deployed on ${prod.slug}`);
    const p = await parsed(
      await request.get(`/api/v1/promotions/${approvedId}`, { headers: bearer("viewer") }),
      promotionEndpoints.get,
    );
    expect(p.status).toBe("approved");
  });

  test("metrics push: 100,000 NDJSON points from stdin are stored and queryable", async ({
    request,
  }) => {
    test.setTimeout(240_000);
    const deployments = await parsed(
      await request.get("/api/v1/deployments?status=active&model=seattle-weather", {
        headers: bearer("viewer"),
      }),
      deploymentEndpoints.list,
    );
    const deployment = deployments.items[0];
    expect(deployment).toBeTruthy();
    const name = `cli_push_${Date.now().toString(36)}`;
    const now = Date.now();
    const lines: string[] = [];
    for (let i = 0; i < 100_000; i++)
      lines.push(
        JSON.stringify({ name, value: i % 250, ts: new Date(now - i * 500).toISOString() }),
      );

    const res = await cli(["metrics", "push", "--deployment", deployment.id, "-"], {
      input: `${lines.join("\n")}\n`,
    });
    expect(res.code, show(res)).toBe(0);
    expect(res.stdout).toContain(
      `Pushed 100,000 points to deployment ${deployment.id} in 10 batches: 100,000 accepted, 0 duplicates`,
    );

    const series = await parsed(
      await request.get(
        `/api/v1/deployments/${deployment.id}/metrics?name=${name}&range=24h&buckets=1`,
        { headers: bearer("viewer") },
      ),
      monitoringEndpoints.readMetrics,
    );
    const count = series.points.reduce((sum: number, p: { count: number }) => sum + p.count, 0);
    expect(count).toBe(100_000);

    // CSV with a header, --json, to the endpoint (the model on its target, whatever version
    // runs there); a bad line is reported by its line number.
    const csv = `name,value,ts\n${name}_csv,1.5,${new Date(now).toISOString()}\n${name}_csv,2.5,${Math.floor(now / 1000) - 60}\n`;
    const endpoint = ["--model", "seattle-weather", "--target", deployment.target];
    const csvRes = await cli(["metrics", "push", ...endpoint, "--json"], { input: csv });
    expect(csvRes.code, show(csvRes)).toBe(0);
    expect(JSON.parse(csvRes.stdout)).toMatchObject({
      model: "seattle-weather",
      target: deployment.target,
      points: 2,
      batches: 1,
      accepted: 2,
      duplicates: 0,
    });

    const nowhere = await cli(["metrics", "push", "--model", "seattle-weather"], { input: csv });
    expect(nowhere.code).toBe(2);
    expect(nowhere.stderr).toContain("--model and --target");

    const bad = await cli(["metrics", "push", "--deployment", deployment.id], {
      input: `{"name":"${name}","value":1}\n{"name":"${name}","value":"NaN?"}\n`,
    });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("Line 2 of the input");

    const refused = await cli(["metrics", "push", "--deployment", deployment.id], {
      input: `{"name":"9bad","value":1}\n`,
    });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^ {2}line 1 \(name\): .+/m);
  });

  test("login stores the URL and token with mode 0600; later commands need no environment", async () => {
    const home = mkdtempSync(path.join(tmpdir(), "modelgate-login-"));
    try {
      const env = { XDG_CONFIG_HOME: home };
      const login = await cli(["login", "--url", baseURL(), "--token", tokens().editor], {
        token: null,
        env: { ...env, MODELGATE_URL: undefined },
      });
      expect(login.code, show(login)).toBe(0);
      expect(login.stdout).toContain("as editor@modelgate.dev");
      const file = path.join(home, "modelgate", "config.json");
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(JSON.parse(readFileSync(file, "utf8"))).toEqual({
        url: baseURL().replace(/\/$/, ""),
        token: tokens().editor,
      });

      const whoami = await cli(["whoami"], {
        token: null,
        env: { ...env, MODELGATE_URL: undefined },
      });
      expect(whoami.code, show(whoami)).toBe(0);
      expect(whoami.stdout).toContain("editor@modelgate.dev");
      const list = await cli(["models", "list", "--limit", "1", "--json"], {
        token: null,
        env: { ...env, MODELGATE_URL: undefined },
      });
      expect(list.code, show(list)).toBe(0);
      expect(JSON.parse(list.stdout)).toHaveLength(1);

      // The environment wins over the file.
      const override = await cli(["whoami"], {
        token: tokens().viewer,
        env: { ...env, MODELGATE_URL: undefined },
      });
      expect(override.stdout).toContain("viewer@modelgate.dev");

      const refused = await cli(["login", "--url", baseURL(), "--token", "mg_wrong"], {
        token: null,
        env: { XDG_CONFIG_HOME: path.join(home, "other") },
      });
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain("The token was refused (401)");
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
