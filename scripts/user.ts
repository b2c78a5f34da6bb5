import "dotenv/config";
import { parseArgs } from "node:util";
import { z } from "zod";
import { password as passwordRule } from "@/lib/schemas/common";
import { userCreate } from "@/lib/schemas/users";
import { PromptCancelled, promptHidden, readFirstLine } from "./lib/password-input";

// `npm run user -- create --email <email> --name <name> [--role viewer|editor|approver|admin]`
// `npm run user -- reset-password --email <email>`
// Creates a user, or sets a user's password, through the users service, so both land in the
// audit log (actor "cli"). This is how a real installation gets its first admin.
// The password is never an argument (shell history, `ps`): it is the first line of stdin
// when stdin is not a terminal (`printf '%s\n' "$PASSWORD" | npm run user -- create …`), or
// typed twice at a prompt that does not echo.
// Exit codes: 0 done, 1 refused or failed (email taken, no such user), 2 bad input.

const usage = `usage: npm run user -- create --email <email> --name <name> [--role viewer|editor|approver|admin]
       npm run user -- reset-password --email <email>
The password is the first line of stdin or, on a terminal, typed at a prompt; never an argument.`;

const { email, name, role } = userCreate.shape;
const argsSchema = z.discriminatedUnion("command", [
  z.object({ command: z.literal("create"), email, name, role }),
  z.object({ command: z.literal("reset-password"), email }),
]);
const optionsOf: Record<z.infer<typeof argsSchema>["command"], string[]> = {
  create: ["email", "name", "role"],
  "reset-password": ["email"],
};
const options = {
  email: { type: "string" },
  name: { type: "string" },
  role: { type: "string" },
} as const;
/** A missing value says "is required" rather than zod's "expected string, received undefined". */
const required = {
  error: (issue: { input?: unknown }) => (issue.input === undefined ? "is required" : undefined),
};

// --password, --pass, --pw, -p, with or without "=value".
const passwordFlag = /^-{1,2}(?:[a-z-]*pass(?:word)?[a-z-]*|pw|p)(?:=|$)/i;

function refuse(problems: string[]): number {
  for (const p of problems) console.error(p);
  console.error(usage);
  return 2;
}

async function readPassword(problems: string[], email: string): Promise<string | null> {
  if (!process.stdin.isTTY) return readFirstLine(process.stdin);
  if (problems.length > 0) return null; // no point asking for a password on a terminal yet
  const first = await promptHidden(`Password for ${email}: `);
  const again = await promptHidden("Repeat the password: ");
  if (first !== again) {
    problems.push("password: the two entries differ");
    return null;
  }
  return first;
}

async function main(argv: string[]): Promise<number> {
  if (argv.some((a) => passwordFlag.test(a))) {
    return refuse([
      "A password is never taken on the command line (it would stay in shell history and show in `ps`): pipe it on stdin, or run the command in a terminal to be prompted.",
    ]);
  }
  let parsed: { values: Partial<Record<keyof typeof options, string>>; positionals: string[] };
  try {
    parsed = parseArgs({ args: argv, options, strict: true, allowPositionals: true });
  } catch (e) {
    return refuse([(e as Error).message]);
  }
  const [command, ...extra] = parsed.positionals;
  if (!command || !Object.hasOwn(optionsOf, command)) {
    return refuse([command ? `Unknown command "${command}"` : "No command given"]);
  }
  const problems: string[] = [];
  if (extra.length > 0) {
    problems.push(
      `${extra.length} unexpected argument(s) after "${command}" (a password is never an argument)`,
    );
  }
  for (const key of Object.keys(parsed.values)) {
    if (!optionsOf[command as keyof typeof optionsOf].includes(key))
      problems.push(`--${key}: not an option of ${command}`);
  }
  const args = argsSchema.safeParse({ ...parsed.values, command }, required);
  if (!args.success) {
    for (const issue of args.error.issues)
      problems.push(`--${String(issue.path[0] ?? "?")}: ${issue.message}`);
  }

  let password: string | null;
  try {
    password = await readPassword(problems, parsed.values.email ?? "");
  } catch (e) {
    if (e instanceof PromptCancelled) return 130;
    throw e;
  }
  if (password !== null) {
    const checked = passwordRule.safeParse(password);
    if (!checked.success)
      problems.push(
        ...checked.error.issues.map((i) => `password: ${password ? i.message : "is required"}`),
      );
  }
  if (problems.length > 0 || !args.success || password === null) return refuse(problems);

  const { db } = await import("@/lib/db");
  const { AppError } = await import("@/lib/errors");
  const { cliActor } = await import("@/lib/services/audit");
  const { createUser, updateUser } = await import("@/lib/services/users");
  try {
    if (args.data.command === "create") {
      const { email, name, role } = args.data;
      const user = await createUser(cliActor, { email, name, role, password });
      console.log(`Created ${user.role} ${user.email}.`);
      return 0;
    }
    const { email } = args.data;
    const user = await db.user.findUnique({
      where: { email },
      select: { id: true, disabled: true },
    });
    if (!user) {
      console.error(`No user with email ${email}`);
      return 1;
    }
    await updateUser(cliActor, user.id, { password });
    const note = user.disabled ? " The account is disabled: it still cannot sign in." : "";
    console.log(`Password changed for ${email}.${note}`);
    return 0;
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    console.error(e.message);
    return 1;
  } finally {
    await db.$disconnect();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exitCode = 1;
  },
);
