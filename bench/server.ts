import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { freePort, waitForPort } from "../scripts/lib/embedded-db";
import { serverNodeFlags, serverStartArgs } from "../scripts/lib/server-flags";

/** Node flags for the server under test (BENCH_NODE_FLAGS, e.g. "--max-old-space-size=256"). */
const SERVER_NODE_FLAGS = (process.env.BENCH_NODE_FLAGS ?? "").split(" ").filter(Boolean);

// A production `next start` on a scratch database for benchmarks (building first if needed).
export async function startServer(
  databaseUrl: string,
  extraEnv: Record<string, string> = {},
  nodeArgs: string[] = [],
) {
  if (!existsSync(".next/BUILD_ID")) {
    console.log("No build: running next build …");
    const b = spawnSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], {
      stdio: "inherit",
      env: { ...process.env, DATABASE_URL: databaseUrl },
    });
    if (b.status !== 0) throw new Error("next build failed");
  }
  // A random start: two benches started at once (another worktree's, say) must not both pick
  // the first free port, where the loser dies and the winner answers for both.
  const port = await freePort(3400 + Math.floor(Math.random() * 500));
  const base = `http://127.0.0.1:${port}`;
  const server: ChildProcess = spawn(
    process.execPath,
    [
      ...serverNodeFlags(process.env.MODELGATE_HEAP_MB),
      ...SERVER_NODE_FLAGS,
      ...nodeArgs,
      "node_modules/next/dist/bin/next",
      "start",
      ...serverStartArgs(),
      "-p",
      String(port),
      "-H",
      "127.0.0.1",
    ],
    {
      stdio: "ignore",
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        NEXTAUTH_SECRET: "bench-secret-bench-secret-bench-secret",
        NEXTAUTH_URL: base,
        NODE_ENV: "production",
        LOG_LEVEL: "warn",
        ...extraEnv,
      },
    },
  );
  let exited: number | null = null;
  server.once("exit", (code) => (exited = code ?? -1));
  await waitForPort(port, 60_000);
  await new Promise((r) => setTimeout(r, 500));
  if (exited !== null) throw new Error(`next start exited (${exited}): port ${port} taken?`);
  return {
    base,
    pid: server.pid!,
    stop: async () => {
      server.kill("SIGTERM");
      await new Promise((r) => setTimeout(r, 500));
    },
  };
}
