import { db } from "@/lib/db";
import { pool } from "@/lib/pg";
import { processDeliveries } from "@/lib/services/delivery";

// Run by delivery.test.ts as a worker it can kill mid-push: processes the deliveries of one
// target (argv[2]) with a short lease (argv[3] seconds) and prints the outcome as JSON.

async function main() {
  const outcome = await processDeliveries({
    targetIds: [process.argv[2]],
    leaseSeconds: Number(process.argv[3]),
  });
  await db.$disconnect();
  await pool().end();
  console.log(JSON.stringify(outcome));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
