import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { principalFromToken } from "@/lib/services/tokens";
import { makeUser } from "@/lib/testing/fixtures";

const run = promisify(execFile);
const cli = (args: string[]) =>
  run(process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/token.ts", ...args], {
    env: { ...process.env, LOG_LEVEL: "silent" },
  });

describe("npm run token", () => {
  it("prints a working token with the asked scopes as its last line", async () => {
    const editor = await makeUser("editor");
    const { stdout } = await cli([
      "--email",
      editor.user.email,
      "--scopes",
      "read,ingest",
      "--name",
      "ci",
    ]);
    const token = stdout.trim().split("\n").pop()!;
    const principal = await principalFromToken(token);
    expect(principal?.user.id).toBe(editor.user.id);
    expect(principal?.token?.scopes).toEqual(["read", "ingest"]);
  });

  it("refuses bad arguments with exit code 2 and a usage line", async () => {
    const err = await cli(["--email", "not-an-email", "--scopes", "read,fly"]).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect((err as { code: number }).code).toBe(2);
    expect((err as { stderr: string }).stderr).toMatch(/--email[\s\S]*--scopes[\s\S]*usage/);
  });

  it("refuses scopes beyond the user's role", async () => {
    const viewer = await makeUser("viewer");
    const err = await cli(["--email", viewer.user.email, "--scopes", "read,admin"]).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect((err as { code: number }).code).toBe(1);
    expect((err as { stderr: string }).stderr).toMatch(/scopes\.1/);
  });
});
