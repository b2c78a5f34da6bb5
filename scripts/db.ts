import "dotenv/config";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createMigration, deployMigrations, parseDatabaseUrl, resetDatabase } from "./lib/migrate";

// Database chores without Prisma's native schema engine (see scripts/lib/migrate.ts):
//   tsx scripts/db.ts generate              generate the Prisma client (no database needed)
//   tsx scripts/db.ts migrate [--name x]    create a migration from prisma/schema.prisma and apply it
//   tsx scripts/db.ts deploy                apply pending migrations
//   tsx scripts/db.ts reset [--force] [--demo]  wipe the database, re-apply all migrations, seed
// Exit codes: 0 success, 1 failure, 2 bad arguments.

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
// Explicit, so the commands work from any working directory.
const PATHS = {
  schemaPath: path.join(ROOT, "prisma/schema.prisma"),
  migrationsDir: path.join(ROOT, "prisma/migrations"),
};

const USAGE = `Usage: tsx scripts/db.ts <command>

Commands:
  generate              Generate the Prisma client (needs no database)
  migrate [--name x]    Create a migration for the changes in prisma/schema.prisma, then apply it
  deploy                Apply pending migrations (like prisma migrate deploy)
  reset [--force] [--demo]
                        Drop and recreate the public schema, apply all migrations, seed the
                        checklist templates (--demo: and the demo data with its demo accounts).
                        Refused on a non-local database host unless --force is given.

migrate, deploy and reset connect to DATABASE_URL (environment or .env).`;

type Command =
  | { name: "generate" }
  | { name: "migrate"; migrationName: string }
  | { name: "deploy" }
  | { name: "reset"; force: boolean; demo: boolean };

class UsageError extends Error {}

function parseArgs(argv: string[]): Command {
  const [command, ...rest] = argv;
  const flags = new Map<string, string | true>();
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!m) throw new UsageError(`Unexpected argument "${arg}"`);
    const [, key, inline] = m;
    if (key === "name") {
      const value = inline ?? rest[++i];
      if (value === undefined || value.startsWith("--"))
        throw new UsageError("--name needs a value");
      flags.set(key, value);
    } else {
      if (inline !== undefined) throw new UsageError(`--${key} takes no value`);
      flags.set(key, true);
    }
  }
  const allow = (...allowed: string[]) => {
    for (const key of flags.keys())
      if (!allowed.includes(key)) throw new UsageError(`Unknown option --${key} for "${command}"`);
  };
  switch (command) {
    case "generate":
    case "deploy":
      allow();
      return { name: command };
    case "migrate": {
      allow("name");
      const name = flags.get("name");
      return { name: "migrate", migrationName: typeof name === "string" ? name : "migration" };
    }
    case "reset":
      allow("force", "demo");
      return { name: "reset", force: flags.has("force"), demo: flags.has("demo") };
    case undefined:
      throw new UsageError("No command given");
    default:
      throw new UsageError(`Unknown command "${command}"`);
  }
}

function databaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) {
    throw new Error(
      "DATABASE_URL is not set. Set it in the environment or in .env, e.g.\n" +
        "  DATABASE_URL=postgresql://postgres@127.0.0.1:5432/modelgate_dev",
    );
  }
  return url;
}

/** Run a Node script from the repository root with the terminal attached; returns its exit code. */
function runNode(args: string[], env: NodeJS.ProcessEnv = process.env): number {
  const res = spawnSync(process.execPath, args, { cwd: ROOT, stdio: "inherit", env });
  if (res.error) throw res.error;
  return res.status ?? 1;
}

function generate(): number {
  return runNode([path.join(ROOT, "node_modules/prisma/build/index.js"), "generate"], {
    ...process.env,
    // Without this `prisma generate` tries to download the native schema engine, which fails
    // offline. Generating does not need it: pointed at a binary that exits non-zero, Prisma
    // carries on without it. (Not /bin/true: that one does not work.)
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? "/bin/false",
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
    CHECKPOINT_DISABLE: "1",
  });
}

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "::1"]);

async function main(argv: string[]): Promise<number> {
  if (argv.length === 1 && ["help", "--help", "-h"].includes(argv[0])) {
    console.log(USAGE);
    return 0;
  }
  let command: Command;
  try {
    command = parseArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    console.error(`${e.message}\n\n${USAGE}`);
    return 2;
  }

  switch (command.name) {
    case "generate":
      return generate();

    case "migrate": {
      const created = await createMigration(databaseUrl(), command.migrationName, PATHS);
      if (created) console.log(`Migration ${created} created and applied.`);
      return 0;
    }

    case "deploy": {
      const applied = await deployMigrations(databaseUrl(), PATHS);
      console.log(
        applied.length
          ? `Applied ${applied.length} migration(s).`
          : "No pending migrations: the database is up to date.",
      );
      return 0;
    }

    case "reset": {
      const url = databaseUrl();
      const { host, database } = parseDatabaseUrl(url);
      if (!LOCAL_HOSTS.has(host) && !command.force) {
        console.error(
          `Refusing to reset database "${database}" on ${host}: it is not local and a reset deletes all its data. Add --force if you mean it.`,
        );
        return 1;
      }
      await resetDatabase(url, PATHS);
      const seed = path.join(ROOT, "prisma/seed.ts");
      if (!existsSync(seed)) return 0;
      console.log("Seeding …");
      return runNode([
        path.join(ROOT, "node_modules/tsx/dist/cli.mjs"),
        seed,
        ...(command.demo ? ["--demo"] : []),
      ]);
    }
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : String(e));
    if (process.env.DEBUG && e instanceof Error) console.error(e.stack);
    process.exitCode = 1;
  },
);
