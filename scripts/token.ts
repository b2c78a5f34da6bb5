import "dotenv/config";
import { parseArgs } from "node:util";
import { z } from "zod";
import { scopes } from "@/lib/permissions";

// `npm run token -- --email <user> --scopes read,write,ingest,promote,admin [--name ci] [--expires-days 90]
//   [--deployments <id,id>] [--model <slug>]`
// Creates an API token for an existing user, as that user, and prints it as the last line.
// --deployments / --model narrow its ingestion writes (a model server's token).
// Scopes beyond the user's role are refused, exactly as in the API.

const usage =
  "usage: npm run token -- --email <user> --scopes read,write,ingest,promote,admin [--name ci] [--expires-days N] [--deployments id,id] [--model slug]";

const argsSchema = z.object({
  email: z.email("--email must be an email address"),
  scopes: z
    .string()
    .transform((s) =>
      s
        .split(",")
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .pipe(
      z
        .array(
          z.enum(scopes, {
            error: `--scopes takes a comma-separated list of ${scopes.join(", ")}`,
          }),
        )
        .min(1),
    ),
  name: z.string().min(1).max(80).default("cli"),
  "expires-days": z.coerce.number().int().min(1).max(3650).optional(),
  deployments: z
    .string()
    .transform((s) =>
      s
        .split(",")
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .optional(),
  model: z.string().min(1).optional(),
});

async function main() {
  let values: Record<string, string | undefined>;
  try {
    values = parseArgs({
      options: {
        email: { type: "string" },
        scopes: { type: "string" },
        name: { type: "string" },
        "expires-days": { type: "string" },
        deployments: { type: "string" },
        model: { type: "string" },
      },
      strict: true,
    }).values;
  } catch (e) {
    console.error(`${(e as Error).message}\n${usage}`);
    process.exit(2);
  }
  const parsed = argsSchema.safeParse(values);
  if (!parsed.success) {
    for (const issue of parsed.error.issues)
      console.error(`--${String(issue.path[0] ?? "?")}: ${issue.message}`);
    console.error(usage);
    process.exit(2);
  }
  const args = parsed.data;
  const { db } = await import("@/lib/db");
  const { createToken } = await import("@/lib/services/tokens");
  const user = await db.user.findUnique({ where: { email: args.email.toLowerCase() } });
  if (!user || user.disabled) {
    console.error(`No active user with email ${args.email}`);
    await db.$disconnect();
    process.exit(1);
  }
  try {
    const created = await createToken(
      { user: { id: user.id, email: user.email, name: user.name, role: user.role } },
      {
        name: args.name,
        scopes: args.scopes,
        expiresAt: args["expires-days"]
          ? new Date(Date.now() + args["expires-days"] * 86_400_000).toISOString()
          : null,
        ...(args.deployments?.length ? { deploymentIds: args.deployments } : {}),
        ...(args.model ? { model: args.model } : {}),
      },
    );
    const narrowed = [
      created.deploymentIds.length ? `deployments ${created.deploymentIds.join(", ")}` : null,
      created.model ? `model ${created.model.slug}` : null,
    ].filter(Boolean);
    console.error(
      `Created token "${created.name}" (${created.scopes.join(", ")}${narrowed.length ? `; ingests only to ${narrowed.join(" or ")}` : ""}) for ${user.email}; it is shown only now.`,
    );
    console.log(created.token);
  } catch (e) {
    const err = e as {
      message: string;
      options?: { errors?: { path: string; message: string }[] };
    };
    console.error(
      err.options?.errors?.map((x) => `${x.path}: ${x.message}`).join("\n") ?? err.message,
    );
    process.exitCode = 1;
  } finally {
    await db.$disconnect();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
