import { z } from "zod";
import { Role } from "@/lib/generated/prisma/enums";
import { parseAllowList } from "@/lib/net/address";
import { email, password } from "@/lib/schemas/common";

// Environment, validated once at start-up. A bad value stops the process with a message
// that names the variable, rather than failing later somewhere far away.

export const booleanish = z
  .enum(["true", "false", "1", "0", ""])
  .optional()
  .transform((v) => v === "true" || v === "1");

/** An optional variable where an empty value (`NAME=` in a .env file) means unset. */
const optional = <T extends z.ZodType>(inner: T) =>
  z.preprocess((v) => (v === "" ? undefined : v), inner.optional());

const schema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    DATABASE_URL: z
      .string({ error: "DATABASE_URL is required (postgresql://user:pass@host:port/db)" })
      .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must start with postgresql://"),
    NEXTAUTH_SECRET: z
      .string()
      .min(16, "NEXTAUTH_SECRET must be at least 16 characters")
      .optional(),
    NEXTAUTH_URL: z.url("NEXTAUTH_URL must be a URL such as http://localhost:3000").optional(),
    OIDC_ISSUER: z.url("OIDC_ISSUER must be the issuer URL").optional(),
    OIDC_CLIENT_ID: z.string().min(1).optional(),
    OIDC_CLIENT_SECRET: z.string().min(1).optional(),
    OIDC_NAME: z.string().min(1).default("Single sign-on"),
    OIDC_DEFAULT_ROLE: z.enum(Role).default("viewer"),
    // Off by default: an SSO sign-in never takes over an existing admin account by email.
    OIDC_LINK_ADMINS: booleanish,
    // Connections per pool; each process has two (Prisma's and the time-series `pg` pool).
    DB_POOL_MAX: z.coerce.number().int().positive().default(10),
    // bcrypt's work factor for new password hashes (4 is the minimum; tests use it).
    BCRYPT_COST: z.coerce.number().int().min(4).max(31).default(12),
    // `off` keeps the background jobs out of this process (a separate `npm run worker` runs them).
    MODELGATE_JOBS: z.preprocess(
      (v) => (v === "" ? undefined : v),
      z.enum(["on", "off"]).default("on"),
    ),
    // Set by `npm start` when it runs the embedded PGlite, which has no cross-connection NOTIFY.
    MODELGATE_EMBEDDED_DB: booleanish,
    // Accept file:// artifact URIs (single-host installations). Read by the server only: the
    // version schemas also run in browsers, so they take it as a parameter.
    ALLOW_FILE_ARTIFACTS: booleanish,
    LOG_LEVEL: z
      .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"])
      .default("info"),
    API_BODY_LIMIT_BYTES: z.coerce.number().int().positive().default(1_048_576),
    INGEST_BODY_LIMIT_BYTES: z.coerce.number().int().positive().default(16_777_216),
    // Reference data (drift) is one large upload per version, larger than a metrics batch.
    REFERENCE_BODY_LIMIT_BYTES: z.coerce.number().int().positive().default(33_554_432),
    // What one OTLP request may hold, counted before it is decoded (see lib/services/otlp.ts).
    OTLP_MAX_RESOURCES: z.coerce.number().int().positive().default(1000),
    OTLP_MAX_METRICS: z.coerce.number().int().positive().default(10_000),
    OTLP_MAX_DATA_POINTS: z.coerce.number().int().positive().default(100_000),
    LOGIN_MAX_FAILURES: z.coerce.number().int().positive().default(5),
    // Failures from one client address (across every email) before it is slowed down too.
    LOGIN_MAX_FAILURES_PER_ADDRESS: z.coerce.number().int().positive().default(20),
    LOGIN_WINDOW_SECONDS: z.coerce.number().int().positive().default(900),
    // Live (server-sent event) streams one user may hold open on one instance; then 429.
    STREAMS_PER_USER: z.coerce.number().int().positive().default(20),
    PROMOTION_TTL_HOURS: z.coerce
      .number()
      .positive()
      .max(24 * 365)
      .default(168),
    // The longest an approver may silence a critical alert (and anyone a warning) in one go.
    ALERT_MAX_SILENCE_HOURS: z.coerce
      .number()
      .positive()
      .max(24 * 30)
      .default(24),
    METRIC_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
    INGEST_RATE_LIMIT: z.coerce.number().int().positive().default(3000),
    INGEST_RATE_WINDOW_SECONDS: z.coerce.number().int().positive().max(3600).default(10),
    // Connections the rollup job works on at once, each on its own share of the series. Writing
    // rollups waits on WAL and index pages as well as the CPU: on 2 cores, 3 connections rolled
    // up about 10 % more than 2, and 4 no more than 2.
    ROLLUP_WORKERS: z.coerce.number().int().min(1).max(16).default(3),
    // How long an instance remembers who a bearer token stands for (0: ask the database every
    // time). Changes reach every instance at once through NOTIFY; this bounds only the rest.
    TOKEN_CACHE_SECONDS: z.coerce.number().int().min(0).max(60).default(5),
    TRUST_PROXY: booleanish,
    MODELGATE_DEMO: booleanish,
    // Check API answers against their response schemas in production too (the e2e server does);
    // development and tests always check.
    MODELGATE_VALIDATE_RESPONSES: booleanish,
    // Answer API requests with a Server-Timing header (auth, rate limit, body, parse, validate,
    // handler): what `npm run bench -- ingest` breaks the ingest path down by. Off by default:
    // timings tell an outsider more than they need to know.
    MODELGATE_SERVER_TIMING: booleanish,
    MODELGATE_ADMIN_EMAIL: optional(email),
    MODELGATE_ADMIN_PASSWORD: optional(password),
    METRICS_TOKEN: z.string().min(16, "METRICS_TOKEN must be at least 16 characters").optional(),
    // Webhooks reach only public addresses; an on-premise receiver inside the network must be
    // listed here (comma list of host names and addresses or CIDR ranges).
    WEBHOOK_ALLOWED_HOSTS: z
      .string()
      .default("")
      .superRefine((v, ctx) => {
        try {
          parseAllowList(v);
        } catch (e) {
          ctx.addIssue({
            code: "custom",
            message: `WEBHOOK_ALLOWED_HOSTS: ${(e as Error).message}`,
          });
        }
      }),
    // GitOps delivery (docs/delivery.md). Local repositories (file:// and paths) and hosts that
    // resolve to internal addresses are refused unless this is set: tests and single-host trials.
    MODELGATE_GITOPS_ALLOW_LOCAL: booleanish,
    // Where the cached clones of deployment repositories live (default: <tmpdir>/modelgate-gitops).
    MODELGATE_GITOPS_WORKDIR: optional(z.string()),
    // Author and committer of delivery commits, "Name <email>".
    MODELGATE_GITOPS_AUTHOR: z
      .string()
      .regex(/^[^<>\n]+ <[^<>\s]+>$/, 'MODELGATE_GITOPS_AUTHOR must look like "Name <email>"')
      .default("Modelgate <modelgate@localhost>"),
    // Attempts before a delivery is given up as failed (10 s, 20 s, 40 s … apart, at most 30 min).
    MODELGATE_GITOPS_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(8),
    // How long a worker holds a delivery it is committing before another may take it over.
    MODELGATE_GITOPS_LEASE_SECONDS: z.coerce.number().int().min(1).max(3600).default(300),
    WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
    WEBHOOK_DELIVERY_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  })
  .superRefine((env, ctx) => {
    const oidc = [env.OIDC_ISSUER, env.OIDC_CLIENT_ID, env.OIDC_CLIENT_SECRET];
    if (oidc.some(Boolean) && !oidc.every(Boolean)) {
      ctx.addIssue({
        code: "custom",
        path: ["OIDC_ISSUER"],
        message: "OpenID Connect needs all of OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET",
      });
    }
    if (Boolean(env.MODELGATE_ADMIN_EMAIL) !== Boolean(env.MODELGATE_ADMIN_PASSWORD)) {
      const [missing, set] = env.MODELGATE_ADMIN_EMAIL
        ? ["MODELGATE_ADMIN_PASSWORD", "MODELGATE_ADMIN_EMAIL"]
        : ["MODELGATE_ADMIN_EMAIL", "MODELGATE_ADMIN_PASSWORD"];
      ctx.addIssue({
        code: "custom",
        path: [missing],
        message: `is required when ${set} is set: the first admin needs both MODELGATE_ADMIN_EMAIL and MODELGATE_ADMIN_PASSWORD, or neither`,
      });
    }
    if (env.NODE_ENV === "production" && !env.NEXTAUTH_SECRET) {
      ctx.addIssue({
        code: "custom",
        path: ["NEXTAUTH_SECRET"],
        message: "NEXTAUTH_SECRET is required in production (e.g. `openssl rand -base64 32`)",
      });
    }
  });

export type Env = z.infer<typeof schema>;

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = schema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  - ${i.path.join(".") || "env"}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  return result.data;
}

let cached: Env | undefined;

/** The validated environment; throws a readable error on the first bad variable set. */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

export function oidcEnabled(): boolean {
  const e = env();
  return Boolean(e.OIDC_ISSUER && e.OIDC_CLIENT_ID && e.OIDC_CLIENT_SECRET);
}

/**
 * A variable named at run time rather than in the schema above (a gitops target's
 * credentialsEnv, the PATH git runs with): read as it is now, unvalidated; empty is unset.
 */
export function namedVariable(name: string): string | undefined {
  return process.env[name] || undefined;
}
