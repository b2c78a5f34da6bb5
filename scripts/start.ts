import "dotenv/config";
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { shouldSeedDemo } from "../lib/demo";
import { type EmbeddedDb, startEmbeddedDb } from "./lib/embedded-db";
import { deployMigrations } from "./lib/migrate";
import { serverNodeFlags, serverStartArgs } from "./lib/server-flags";

// `npm start`: Modelgate with nothing to install.
//   1. DATABASE_URL set → use it; otherwise start the embedded PostgreSQL under ./data/;
//   2. apply migrations; seed the checklist templates, and the demo data once — but only on
//      the embedded database or with MODELGATE_DEMO=1: the demo accounts' password is
//      published, so a real installation never gets them by default;
//   3. build the app if there is no build yet;
//   4. serve on PORT (default 3000) and print the URL and the demo sign-in (or, without the
//      demo and without an admin, how to create the first one).

const PORT = Number(process.env.PORT ?? 3000);
if (!Number.isInteger(PORT) || PORT < 1 || PORT > 65535) {
  console.error(`PORT must be a TCP port number (1–65535), got "${process.env.PORT}"`);
  process.exit(2);
}

// Where the embedded database and the generated secret live (tests use a folder of their own).
const DATA_DIR = process.env.MODELGATE_DATA_DIR ?? "data";

function persistentSecret(): string {
  const file = path.resolve(DATA_DIR, "nextauth-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(path.dirname(file), { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

async function main() {
  let demo: boolean;
  try {
    demo = shouldSeedDemo(process.env);
  } catch (e) {
    console.error((e as Error).message);
    process.exit(2);
  }
  let embedded: EmbeddedDb | null = null;
  const stopAll = async () => {
    await embedded?.stop();
  };

  if (!process.env.DATABASE_URL) {
    const dataDir = path.join(DATA_DIR, "pglite");
    console.log(`No DATABASE_URL: starting the embedded PostgreSQL (PGlite) in ${dataDir} …`);
    embedded = await startEmbeddedDb({
      dataDir,
      port: process.env.MODELGATE_EMBEDDED_PORT
        ? Number(process.env.MODELGATE_EMBEDDED_PORT)
        : undefined,
    });
    process.env.DATABASE_URL = embedded.url;
    process.env.MODELGATE_EMBEDDED_DB = "1";
    process.env.DB_POOL_MAX ??= "4";
  }
  // The server reads the decision (the demo banner, the sign-in hint) from here.
  process.env.MODELGATE_DEMO = demo ? "1" : "0";
  process.env.NEXTAUTH_SECRET ??= persistentSecret();
  process.env.NEXTAUTH_URL ??= `http://localhost:${PORT}`;
  (process.env as Record<string, string>).NODE_ENV = "production";

  let needsAdmin = false;
  try {
    const applied = await deployMigrations(process.env.DATABASE_URL!);
    console.log(
      applied.length ? `Applied ${applied.length} migration(s).` : "Database schema is up to date.",
    );
    const { seedDemo, seedTemplates } = await import("../prisma/seed");
    if (demo) {
      if (!embedded)
        console.log(
          "MODELGATE_DEMO=1: adding the demo data and its accounts (published password) to DATABASE_URL.",
        );
      await seedDemo((s) => console.log(s));
    } else {
      await seedTemplates();
    }
    const { hasEnabledAdmin } = await import("../lib/services/bootstrap");
    needsAdmin = !demo && !process.env.MODELGATE_ADMIN_EMAIL && !(await hasEnabledAdmin());
    const { db } = await import("../lib/db");
    await db.$disconnect();
  } catch (e) {
    console.error(`Could not prepare the database: ${(e as Error).message}`);
    await stopAll();
    process.exit(1);
  }

  if (!existsSync(".next/BUILD_ID")) {
    console.log("No build yet: running `next build` (about a minute) …");
    const build = spawnSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], {
      stdio: "inherit",
      env: process.env,
    });
    if (build.status !== 0) {
      await stopAll();
      process.exit(build.status ?? 1);
    }
  }

  const server = spawn(
    process.execPath,
    [
      ...serverNodeFlags(process.env.MODELGATE_HEAP_MB),
      "node_modules/next/dist/bin/next",
      "start",
      ...serverStartArgs(),
      "-p",
      String(PORT),
    ],
    {
      stdio: ["ignore", "pipe", "inherit"],
      env: process.env,
    },
  );
  let announced = false;
  server.stdout.on("data", (chunk: Buffer) => {
    process.stdout.write(chunk);
    if (!announced && /Ready|started server/i.test(chunk.toString())) {
      announced = true;
      console.log(`\n  Modelgate is running at http://localhost:${PORT}`);
      if (demo) {
        console.log("  Demo sign-in: admin@modelgate.dev / modelgate-demo");
        console.log("  (also approver@, editor@ and viewer@modelgate.dev, same password)\n");
      } else if (needsAdmin) {
        console.log(
          "  No admin yet: create one with `npm run user -- create --email … --name … --role admin`,",
        );
        console.log("  or set MODELGATE_ADMIN_EMAIL and MODELGATE_ADMIN_PASSWORD and restart.\n");
      }
    }
  });
  const shutdown = async () => {
    server.kill("SIGTERM");
    await stopAll();
    process.exit(0);
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
  server.on("exit", async (code) => {
    await stopAll();
    process.exit(code ?? 0);
  });
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
