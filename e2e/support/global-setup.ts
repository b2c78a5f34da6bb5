import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

// Seeds the test database and stores one API token per role in e2e/.auth/tokens.json.
export default function globalSetup() {
  const databaseUrl = process.env.E2E_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!databaseUrl)
    throw new Error(
      "E2E_DATABASE_URL (or DATABASE_URL) must name the test database; `npm test` sets it.",
    );
  const out = execFileSync(
    process.execPath,
    ["node_modules/tsx/dist/cli.mjs", "e2e/support/prepare.ts"],
    {
      env: { ...process.env, DATABASE_URL: databaseUrl, BCRYPT_COST: "4", LOG_LEVEL: "silent" },
      encoding: "utf8",
    },
  );
  const last = out.trim().split("\n").pop()!;
  mkdirSync(path.join("e2e", ".auth"), { recursive: true });
  writeFileSync(path.join("e2e", ".auth", "tokens.json"), last);
}
