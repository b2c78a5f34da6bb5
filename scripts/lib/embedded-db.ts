import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import net from "node:net";
import path from "node:path";

// Embedded PostgreSQL for zero-setup runs: PGlite (PostgreSQL compiled to WASM) served over
// TCP by @electric-sql/pglite-socket, so the ordinary `pg` driver, Prisma and the
// migration tool connect to it as to any server. It serialises queries: fine for a demo
// or one user, not for production.

export function portIsFree(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.once("listening", () => server.close(() => resolve(true)));
    server.listen(port, host);
  });
}

export async function freePort(preferred: number): Promise<number> {
  for (let p = preferred; p < preferred + 50; p++) if (await portIsFree(p)) return p;
  throw new Error(`No free port between ${preferred} and ${preferred + 49}`);
}

export function waitForPort(port: number, timeoutMs = 30_000, host = "127.0.0.1"): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const socket = net.connect(port, host);
      socket.once("connect", () => {
        socket.destroy();
        resolve();
      });
      socket.once("error", () => {
        socket.destroy();
        if (Date.now() > deadline)
          reject(new Error(`Nothing listens on ${host}:${port} after ${timeoutMs} ms`));
        else setTimeout(attempt, 150);
      });
    };
    attempt();
  });
}

export interface EmbeddedDb {
  url: string;
  port: number;
  process: ChildProcess;
  stop(): Promise<void>;
}

type EmbeddedOptions = { dataDir?: string; port?: number; inMemory?: boolean };

/**
 * Serve a PGlite data directory (created when missing) on a free local port. Another
 * process may take the port between our check and the server's listen: then try the next.
 */
export async function startEmbeddedDb(opts: EmbeddedOptions = {}): Promise<EmbeddedDb> {
  let port = opts.port ?? 54329;
  for (let attempt = 1; ; attempt++) {
    port = await freePort(port);
    try {
      return await startOn(port, opts);
    } catch (e) {
      if (attempt >= 3) throw e;
      port += 1;
    }
  }
}

async function startOn(port: number, opts: EmbeddedOptions): Promise<EmbeddedDb> {
  // Our own entry point around pglite-socket's server: it keeps each client's parameterised
  // queries together (see pglite-server.mjs).
  const args = [
    path.join(process.cwd(), "scripts/lib/pglite-server.mjs"),
    `--port=${port}`,
    "--host=127.0.0.1",
    "--max-connections=20",
  ];
  if (!opts.inMemory) {
    const dir = path.resolve(opts.dataDir ?? "data/pglite");
    mkdirSync(dir, { recursive: true });
    args.push(`--db=${dir}`);
  } else {
    args.push("--db=memory://");
  }
  const child = spawn(process.execPath, args, { stdio: ["ignore", "ignore", "inherit"] });
  let exited = false;
  const died = new Promise<never>((_, reject) =>
    child.once("exit", (code) => {
      exited = true;
      reject(
        new Error(`The embedded database exited (code ${code}) before it listened on port ${port}`),
      );
    }),
  );
  died.catch(() => {});
  await Promise.race([waitForPort(port, 60_000), died]).catch((e: Error) => {
    child.kill("SIGKILL");
    throw new Error(`The embedded database did not start: ${e.message}`);
  });
  return {
    url: `postgresql://postgres:postgres@127.0.0.1:${port}/postgres`,
    port,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (exited) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
        setTimeout(() => child.kill("SIGKILL"), 5000).unref();
      }),
  };
}
