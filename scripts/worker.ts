// `npm run worker`: run Modelgate's background jobs (rollups, retention, housekeeping) in a
// process of their own. Start the web app with MODELGATE_JOBS=off when a worker runs them.
import { startJobs } from "@/lib/jobs";
import { log } from "@/lib/log";
import { installProcessGuards } from "@/lib/process-guards";

async function main() {
  installProcessGuards("worker");
  const jobs = await startJobs();
  const stop = async (signal: string) => {
    log.info({ signal }, "worker stopping");
    await jobs.stop();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
