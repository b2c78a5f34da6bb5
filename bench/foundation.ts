import { performance } from "node:perf_hooks";
import { time } from "./lib";
import { provisionTestDb } from "../scripts/lib/test-db";

// `npm run bench -- foundation`: figures for the foundation's hot paths, printed, never asserted.
//   - model inventory queries with 10,000 models (first page, search, tag, deep cursor);
//   - API token authentication (hash lookup + last-used bookkeeping);
//   - bcrypt at the configured cost.
// Runs on a throwaway database like the tests (see scripts/lib/test-db.ts).

const MODELS = Number(process.env.BENCH_MODELS ?? 10_000);

export async function main() {
  const testDb = await provisionTestDb((s) => console.log(s));
  process.env.DATABASE_URL = testDb.url;
  const { db } = await import("../lib/db");
  const { listModels } = await import("../lib/services/models");
  const { modelListQuery } = await import("../lib/schemas/models");
  const { createToken, principalFromToken } = await import("../lib/services/tokens");
  const { hashPassword } = await import("../lib/passwords");
  try {
    const owner = await db.user.create({
      data: { email: "bench@modelgate.dev", name: "Bench", role: "admin" },
    });
    const t0 = performance.now();
    const tags = ["tabular", "vision", "nlp", "fraud", "churn", "pricing", "ranking", "edge"];
    for (let i = 0; i < MODELS; i += 1000) {
      await db.model.createMany({
        data: Array.from({ length: Math.min(1000, MODELS - i) }, (_, k) => {
          const n = i + k;
          return {
            slug: `model-${n}`,
            name: `Model ${n} ${tags[n % tags.length]}`,
            description: `Benchmark model number ${n}`,
            tags: [tags[n % tags.length], tags[(n * 7) % tags.length]],
            riskLevel: (["low", "medium", "high", "critical"] as const)[n % 4],
            ownerId: owner.id,
          };
        }),
      });
    }
    console.log(`Inserted ${MODELS} models in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);

    await time("inventory: first page (50, by updated)", () =>
      listModels(modelListQuery.parse({})),
    );
    await time('inventory: search q="model 77"', () =>
      listModels(modelListQuery.parse({ q: "model 77" })),
    );
    await time("inventory: tag=fraud, sort=name", () =>
      listModels(modelListQuery.parse({ tag: "fraud", sort: "name" })),
    );
    const deep = await listModels(modelListQuery.parse({ sort: "name", limit: "500" }));
    await time("inventory: next page after 500 (cursor)", () =>
      listModels(modelListQuery.parse({ sort: "name", cursor: deep.nextCursor ?? undefined })),
    );

    const token = await createToken(
      { user: { id: owner.id, email: owner.email, name: owner.name, role: "admin" } },
      { name: "b", scopes: ["read"] },
    );
    await time("token authentication", () => principalFromToken(token.token), 200);
    await time(
      `bcrypt hash (cost ${process.env.BCRYPT_COST ?? 12})`,
      () => hashPassword("benchmark password"),
      5,
    );
  } finally {
    await db.$disconnect();
    await testDb.drop();
  }
}
