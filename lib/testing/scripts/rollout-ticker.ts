import { db } from "@/lib/db";
import { advanceRollouts } from "@/lib/services/rollouts";

// Run by prisma/seed.test.ts beside a seed: the rollout job of a live server, ticking as fast
// as it can (a server ticks every 5 s) until it is killed. Prints each non-empty outcome.

async function main() {
  let stop = false;
  process.on("SIGTERM", () => (stop = true));
  while (!stop) {
    const outcomes = await advanceRollouts();
    if (Object.keys(outcomes).length) console.log(JSON.stringify(outcomes));
    await new Promise((r) => setTimeout(r, 5));
  }
  await db.$disconnect();
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
