// `npm run bench -- <name>`: run one benchmark (or all with no name). Figures are printed,
// never asserted: speed goals are read, not tested.
const benches: Record<string, () => Promise<{ main: () => Promise<void> }>> = {
  foundation: () => import("./foundation"),
  inventory: () => import("./inventory"),
  ingest: async () => ({ main: (await import("./monitoring")).ingest }),
  query: async () => ({ main: (await import("./monitoring")).query }),
  drift: () => import("./drift"),
  housekeeping: () => import("./housekeeping"),
  "sign-in": () => import("./sign-in"),
  otlp: () => import("./otlp"),
  pages: () => import("./pages"),
};

async function run() {
  const asked = process.argv.slice(2);
  const unknown = asked.filter((a) => !(a in benches));
  if (unknown.length) {
    console.error(
      `Unknown benchmark: ${unknown.join(", ")}. Choose from: ${Object.keys(benches).join(", ")}`,
    );
    process.exit(2);
  }
  for (const name of asked.length ? asked : Object.keys(benches)) {
    console.log(`\n=== bench: ${name} ===`);
    await (await benches[name]()).main();
  }
  process.exit(0);
}

run().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
