import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createUser } from "@/lib/services/users";
import { signInWithPassword } from "@/lib/services/sign-in";
import { systemActor } from "@/lib/services/audit";
import { uid } from "@/lib/testing/fixtures";

// Runs scripts/user.ts as a child process, as `npm run user` would, with the password piped
// on stdin (so stdin is not a terminal and the script reads its first line).

function cli(
  args: string[],
  stdin = "",
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["node_modules/tsx/dist/cli.mjs", "scripts/user.ts", ...args],
      {
        env: { ...process.env, LOG_LEVEL: "silent" },
        stdio: ["pipe", "pipe", "pipe"],
      },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

const email = () => `${uid("cli")}@example.com`;

describe("npm run user", () => {
  it("create: reads the password from stdin's first line; the new admin signs in; audited as the CLI", async () => {
    const address = email();
    const res = await cli(
      ["create", "--email", address.toUpperCase(), "--name", "Olivia Ops", "--role", "admin"],
      "a strong first password\nnot this line\n",
    );
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout + res.stderr).not.toContain("a strong first password");

    const signIn = await signInWithPassword(address, "a strong first password");
    expect(signIn).toMatchObject({
      ok: true,
      user: { email: address, name: "Olivia Ops", role: "admin" },
    });
    const user = await db.user.findUniqueOrThrow({ where: { email: address } });
    const event = await db.auditEvent.findFirstOrThrow({
      where: { entityType: "user", entityId: user.id },
    });
    expect(event).toMatchObject({ action: "user.create", actorId: null, actorLabel: "cli" });
  });

  it("refuses a password given as an argument, without echoing it, and creates nothing", async () => {
    for (const args of [["--password", "hunter2-hunter2"], ["--password=hunter2-hunter2"]]) {
      const address = email();
      const res = await cli(
        ["create", "--email", address, "--name", "Mallory", "--role", "admin", ...args],
        "another password\n",
      );
      expect(res.code).toBe(2);
      expect(res.stderr).toMatch(/never .*command line[\s\S]*stdin/i);
      expect(res.stderr).not.toContain("hunter2");
      expect(await db.user.findUnique({ where: { email: address } })).toBeNull();
    }
  });

  it("exits 2 listing every invalid field, and a usage line", async () => {
    const res = await cli(["create", "--email", "not-an-email", "--role", "king"], "short\n");
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/--email: must be an email address/);
    expect(res.stderr).toMatch(/--name: /);
    expect(res.stderr).toMatch(/--role: /);
    expect(res.stderr).toMatch(/password: must be at least 10 characters/);
    expect(res.stderr).toMatch(/usage: npm run user/);
    expect(res.stderr).not.toContain("short\n");
  });

  it("exits 2 when stdin holds no password", async () => {
    const res = await cli(["create", "--email", email(), "--name", "Nobody"], "");
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/password: /);
  });

  it("exits 2 on an unknown command, flag or stray argument", async () => {
    for (const args of [
      [],
      ["delete", "--email", email()],
      ["create", "--email", email(), "--name", "X", "--admin"],
      ["create", "--email", email(), "--name", "X", "stray"],
    ]) {
      const res = await cli(args, "a strong password\n");
      expect(res.code, args.join(" ")).toBe(2);
      expect(res.stderr).toMatch(/usage: npm run user/);
    }
  });

  it("create: an email that is taken exits 1 and changes nothing", async () => {
    const address = email();
    await createUser(systemActor, {
      email: address,
      name: "First",
      role: "viewer",
      password: "the first password",
    });
    const res = await cli(
      ["create", "--email", address, "--name", "Second", "--role", "admin"],
      "another password\n",
    );
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/already exists/);
    expect(await db.user.findUniqueOrThrow({ where: { email: address } })).toMatchObject({
      name: "First",
      role: "viewer",
    });
  });

  it("reset-password: goes through the users service, audited as the CLI; the old password stops working", async () => {
    const address = email();
    const user = await createUser(systemActor, {
      email: address,
      name: "Forgetful",
      role: "editor",
      password: "the old password",
    });
    const res = await cli(["reset-password", "--email", address], "the new password\n");
    expect(res.code, res.stderr).toBe(0);
    expect((await signInWithPassword(address, "the old password")).ok).toBe(false);
    expect(await signInWithPassword(address, "the new password")).toMatchObject({
      ok: true,
      user: { role: "editor" },
    });
    const event = await db.auditEvent.findFirstOrThrow({
      where: { entityId: user.id, action: "user.password_reset" },
    });
    expect(event).toMatchObject({ actorId: null, actorLabel: "cli" });
  });

  it("reset-password: an unknown email exits 1; a short password exits 2", async () => {
    const missing = await cli(["reset-password", "--email", email()], "the new password\n");
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/No user with email/);
    const short = await cli(["reset-password", "--email", email()], "short\n");
    expect(short.code).toBe(2);
    expect(short.stderr).toMatch(/password: must be at least 10 characters/);
  });
});
