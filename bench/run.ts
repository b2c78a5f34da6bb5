import { spawnSync } from "node:child_process";

// `npm run bench -- <name>`: run one benchmark (or all with no name). Figures are printed,
// never asserted: speed goals are read, not tested.
const benches: Record<string, () => Promise<{ main: () => Promise<void> }>> = {
  foundation: () => import("./foundation"),
  inventory: () => import("./inventory"),
  ingest: async () => ({ main: (await import("./monitoring")).ingest }),
  query: async () => ({ main: (await import("./monitoring")).query }),
  drift: () => import("./drift"),
  concept: () => import("./concept"),
  housekeeping: () => import("./housekeeping"),
  "sign-in": () => import("./sign-in"),
  otlp: () => import("./otlp"),
  pages: () => import("./pages"),
};

/**
 * Several benches: each in a process of its own. The Prisma client and the pg pool are made
 * once per process from the first DATABASE_URL they see, and every bench provisions (and drops)
 * a database of its own: in one process the second bench would query the first one's dropped
 * database. Exits 1 if any failed, after running the rest.
 */
function runEach(names: string[]): never {
  let failed = 0;
  for (const name of names) {
    const child = spawnSync(process.execPath, [...process.execArgv, process.argv[1], name], {
      stdio: "inherit",
    });
    if (child.status !== 0) failed++;
  }
  process.exit(failed ? 1 : 0);
}

async function run() {
  const asked = process.argv.slice(2);
  const unknown = asked.filter((a) => !(a in benches));
  if (unknown.length) {
    console.error(
      `Unknown benchmark: ${unknown.join(", ")}. Choose from: ${Object.keys(benches).join(", ")}`,
    );
    process.exit(2);
  }
  const names = asked.length ? asked : Object.keys(benches);
  if (names.length > 1) runEach(names);
  console.log(`\n=== bench: ${names[0]} ===`);
  await (await benches[names[0]]()).main();
  process.exit(0);
}

run().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
