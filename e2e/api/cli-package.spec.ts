import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { expect, test } from "@playwright/test";
import { monitoringEndpoints } from "@/lib/endpoints/monitoring";
import { deploymentEndpoints } from "@/lib/endpoints/promotions";
import { parsed } from "../support/api";
import { baseURL, repo } from "../support/cli";
import { bearer, tokens } from "../support/fixtures";

// The @modelgate/cli package as a pipeline gets it: `npm pack` in cli/, the tarball installed
// into an empty folder with --omit=dev, and the installed `modelgate` run from there (no
// checkout, no tsx, no Next, no Prisma) against the running app.

const run = promisify(execFile);
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

let work: string;
let bin: string;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(240_000);
  work = mkdtempSync(path.join(tmpdir(), "modelgate-cli-pkg-"));
  const { stdout } = await run(npm, ["pack", "./cli", "--pack-destination", work, "--silent"], {
    cwd: repo,
  });
  const tarball = path.join(work, stdout.trim().split("\n").pop()!);
  await run(
    npm,
    ["install", "--omit=dev", "--no-audit", "--no-fund", "--prefer-offline", tarball],
    {
      cwd: work,
    },
  );
  bin = path.join(work, "node_modules", ".bin", "modelgate");
});

test.afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

/** The installed command, from the empty folder, with nothing of the checkout on its paths. */
async function modelgate(args: string[], input?: string) {
  const env: NodeJS.ProcessEnv = {
    NODE_ENV: "production",
    PATH: `${path.dirname(process.execPath)}:/usr/bin:/bin`,
    HOME: work,
    XDG_CONFIG_HOME: path.join(work, "config"),
    MODELGATE_URL: baseURL(),
    MODELGATE_TOKEN: tokens().editor,
    FORCE_COLOR: "0",
  };
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    const child = execFile(
      bin,
      args,
      { cwd: work, env, encoding: "utf8" },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin!.end(input ?? "");
  });
}

test("the packed CLI installs with only its own dependencies", async () => {
  expect(readdirSync(path.join(work, "node_modules")).sort()).toEqual([
    ".bin",
    ".package-lock.json",
    "@modelgate",
    "commander",
    "zod",
  ]);
  const { stdout } = await run("du", ["-sk", path.join(work, "node_modules")]);
  const kib = Number(stdout.split(/\s/)[0]);
  test.info().annotations.push({ type: "installed size", description: `${kib} KiB` });
  console.log(`@modelgate/cli installed size: ${kib} KiB`);
});

test("the installed modelgate prints help, says who the token is and pushes metrics", async ({
  request,
}) => {
  const help = await modelgate(["--help"]);
  expect(help.code, help.stderr).toBe(0);
  for (const command of ["versions", "metrics", "promote", "gate"])
    expect(help.stdout).toContain(command);

  const who = await modelgate(["whoami", "--json"]);
  expect(who.code, who.stderr).toBe(0);
  expect(JSON.parse(who.stdout)).toMatchObject({ user: { email: "editor@modelgate.dev" } });

  const deployments = await parsed(
    await request.get("/api/v1/deployments?status=active&model=seattle-weather", {
      headers: bearer("viewer"),
    }),
    deploymentEndpoints.list,
  );
  const deployment = deployments.items[0];
  const name = `cli_pkg_${Date.now().toString(36)}`;
  const lines = Array.from({ length: 50 }, (_, i) =>
    JSON.stringify({ name, value: i, ts: new Date(Date.now() - i * 1000).toISOString() }),
  );
  const push = await modelgate(
    ["metrics", "push", "--deployment", deployment.id, "--json", "-"],
    `${lines.join("\n")}\n`,
  );
  expect(push.code, push.stderr).toBe(0);
  expect(JSON.parse(push.stdout)).toMatchObject({ points: 50, accepted: 50, duplicates: 0 });
  const series = await parsed(
    await request.get(
      `/api/v1/deployments/${deployment.id}/metrics?name=${name}&range=1h&buckets=1`,
      { headers: bearer("viewer") },
    ),
    monitoringEndpoints.readMetrics,
  );
  expect(series.points.reduce((sum: number, p: { count: number }) => sum + p.count, 0)).toBe(50);
});
