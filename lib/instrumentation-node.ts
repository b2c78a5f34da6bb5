// The Node.js half of instrumentation.ts: process guards, environment check, the first
// admin, the demo-account warning and the background jobs. A module of its own so that the
// edge compile of instrumentation.ts never reaches Node-only packages (native bcrypt, pg).

export async function registerNode() {
  const { installProcessGuards } = await import("@/lib/process-guards");
  installProcessGuards("web");
  const { env } = await import("@/lib/env");
  try {
    env();
  } catch (e) {
    console.error((e as Error).message);
    process.exit(1);
  }
  // The first admin of a real installation, here rather than in `npm start` so that
  // `next start` (`npm run serve`) and every other way of starting the server do it too.
  await firstAdmin(env());
  if (!env().MODELGATE_DEMO) await warnAboutDemoAccounts();
  // Background jobs run inside the web server unless a separate `npm run worker` does them.
  if (env().MODELGATE_JOBS !== "off") {
    const { startJobs } = await import("@/lib/jobs");
    startJobs().catch((e: Error) => console.error(`Background jobs did not start: ${e.message}`));
  }
}

async function firstAdmin(config: {
  MODELGATE_ADMIN_EMAIL?: string;
  MODELGATE_ADMIN_PASSWORD?: string;
}) {
  const { log } = await import("@/lib/log");
  const { ensureFirstAdmin } = await import("@/lib/services/bootstrap");
  try {
    const result = await ensureFirstAdmin(config);
    if (result.status === "created") {
      log.info({ email: result.email }, "Created the first admin from MODELGATE_ADMIN_EMAIL");
    } else if (result.status === "email-taken") {
      log.warn(
        { email: result.email },
        "No enabled admin, and MODELGATE_ADMIN_EMAIL belongs to an existing user, who was left unchanged: name an email no user has, or create an admin with `npm run user -- create --email … --name … --role admin`",
      );
    } else if (result.status === "missing") {
      log.warn(
        "No enabled admin yet: create one with `npm run user -- create --email … --name … --role admin`, or set MODELGATE_ADMIN_EMAIL and MODELGATE_ADMIN_PASSWORD and restart",
      );
    }
  } catch (e) {
    log.error({ err: (e as Error).message }, "Could not check for an enabled admin");
  }
}

/** Outside a demo, demo accounts that still have the published password are a way in. */
async function warnAboutDemoAccounts() {
  const { log } = await import("@/lib/log");
  const { demoAccountsWithPublishedPassword } = await import("@/lib/services/bootstrap");
  try {
    const accounts = await demoAccountsWithPublishedPassword();
    if (accounts.length === 0) return;
    log.warn(
      { accounts },
      "Demo accounts with the published demo password exist, and this is not a demo instance: disable them (Settings → Users) or give each a new password with `npm run user -- reset-password --email …`",
    );
  } catch (e) {
    log.error({ err: (e as Error).message }, "Could not check for demo accounts");
  }
}
