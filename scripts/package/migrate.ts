import path from "node:path";
import { deployMigrations } from "../lib/migrate";

// `node migrate.js` in the packaged build: apply the pending migrations shipped beside it
// (prisma/migrations) to DATABASE_URL. Run it before starting a new version; it exits 0 and
// prints nothing when the database is up to date.

async function main() {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error("DATABASE_URL must name the PostgreSQL database, e.g. postgresql://user@host/db");
    process.exit(2);
  }
  const migrationsDir = path.join(import.meta.dirname, "prisma", "migrations");
  const applied = await deployMigrations(url, { migrationsDir });
  if (applied.length) console.log(`Applied ${applied.length} migration(s).`);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
