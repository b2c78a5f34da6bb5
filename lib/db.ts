import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { env } from "@/lib/env";

// One Prisma client per process, kept on globalThis so hot reload in development does not
// open a new pool each time. It is created on first use, so importing this module (as the
// build does) needs no database. Secret columns are omitted unless a query asks for them.

/** A client of its own for `url` (the app uses `db` below; tests use this for a fresh database). */
export function createClient(url: string) {
  const adapter = new PrismaPg({ connectionString: url, max: env().DB_POOL_MAX });
  return new PrismaClient({
    adapter,
    omit: {
      user: { passwordHash: true },
      apiToken: { tokenHash: true },
      webhook: { secret: true },
    },
  });
}

export type Db = ReturnType<typeof createClient>;
/** A client or an interactive transaction: what services accept so they compose. */
export type Tx = Omit<Db, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

const globalForDb = globalThis as unknown as { modelgateDb?: Db };

function instance(): Db {
  globalForDb.modelgateDb ??= createClient(env().DATABASE_URL);
  return globalForDb.modelgateDb;
}

export const db: Db = new Proxy({} as Db, {
  get(_target, prop) {
    const client = instance();
    const value = Reflect.get(client, prop, client) as unknown;
    return typeof value === "function"
      ? (value as (...a: unknown[]) => unknown).bind(client)
      : value;
  },
});
