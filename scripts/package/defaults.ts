import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

// What the packaged server and worker assume when the environment leaves it out, so that
// DATABASE_URL is the only setting they need. NEXTAUTH_SECRET, when unset, is read from (or
// created once in) $MODELGATE_DATA_DIR/nextauth-secret (default ./data): instances on other
// hosts must share one, so set it in their environment.

function persistentSecret(): string {
  const file = path.resolve(process.env.MODELGATE_DATA_DIR ?? "data", "nextauth-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(path.dirname(file), { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, secret, { mode: 0o600 });
  console.warn(
    `NEXTAUTH_SECRET is not set: using the one in ${file}. Set NEXTAUTH_SECRET when instances run on more than one host.`,
  );
  return secret;
}

export function applyDefaults() {
  if (!process.env.DATABASE_URL) {
    console.error("DATABASE_URL must name the PostgreSQL database, e.g. postgresql://user@host/db");
    process.exit(2);
  }
  process.env.NEXTAUTH_SECRET ||= persistentSecret();
}
