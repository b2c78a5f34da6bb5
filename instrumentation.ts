// Runs once when the Next.js server starts: validate the environment up front, so a bad
// variable stops the server with a message naming it instead of failing a request later.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { env } = await import("@/lib/env");
  try {
    env();
  } catch (e) {
    console.error((e as Error).message);
    process.exit(1);
  }
  // Background jobs run inside the web server unless a separate `npm run worker` does them.
  if (process.env.MODELGATE_JOBS !== "off") {
    const { startJobs } = await import("@/lib/jobs");
    startJobs().catch((e: Error) => console.error(`Background jobs did not start: ${e.message}`));
  }
}
