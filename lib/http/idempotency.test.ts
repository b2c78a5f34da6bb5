import type pg from "pg";
import { describe, expect, it } from "vitest";
import { pool } from "@/lib/pg";
import { makeUser } from "@/lib/testing/fixtures";
import { AppError } from "@/lib/errors";
import { idempotent, type Outcome } from "./idempotency";

// The claim on an Idempotency-Key lives in the request's own transaction: when the process
// doing the work dies (its connection drops), PostgreSQL releases the claim with it.

const request = (key: string) =>
  new Request("http://test/api/v1/x", { method: "POST", headers: { "Idempotency-Key": key } });

/** Marks the work as done in a table of the test's own, inside the request's transaction. */
async function table(): Promise<string> {
  const name = `idem_work_${Math.random().toString(36).slice(2, 10)}`;
  await pool().query(`CREATE TABLE ${name} (n int)`);
  return name;
}

describe("idempotent (PostgreSQL)", () => {
  it("a retry proceeds as soon as the connection of a request that died mid-work drops, and stores once", async () => {
    const user = await makeUser("editor");
    const t = await table();
    let started!: () => void;
    const inWork = new Promise<void>((r) => (started = r));
    const dying = idempotent(
      { principal: user, req: request("k1"), body: { a: 1 } },
      async (client: pg.PoolClient) => {
        await client.query(`INSERT INTO ${t} VALUES (1)`);
        started();
        // The instance is killed here: its socket closes without COMMIT or ROLLBACK.
        client.on("error", () => undefined);
        (
          client as unknown as { connection: { stream: { destroy(): void } } }
        ).connection.stream.destroy();
        await new Promise(() => undefined);
        return { status: 200, body: {} };
      },
    ).catch(() => undefined);
    void dying;
    await inWork;
    const work = async (client: pg.PoolClient): Promise<Outcome> => {
      await client.query(`INSERT INTO ${t} VALUES (2)`);
      return { status: 201, body: { stored: 1 } };
    };
    const retry = await idempotent({ principal: user, req: request("k1"), body: { a: 1 } }, work);
    expect(retry.status).toBe(201);
    const replay = await idempotent({ principal: user, req: request("k1"), body: { a: 1 } }, work);
    expect(replay.status).toBe(201);
    expect(replay.headers.get("Idempotent-Replayed")).toBe("true");
    expect(await replay.json()).toEqual({ stored: 1 });
    const { rows } = await pool().query<{ n: number }>(`SELECT n FROM ${t} ORDER BY n`);
    expect(rows.map((r) => r.n)).toEqual([2]);
  });

  it("a duplicate sent while the first is still working gets 409 with Retry-After, then the stored answer", async () => {
    const user = await makeUser("editor");
    let started!: () => void;
    let finish!: () => void;
    const inWork = new Promise<void>((r) => (started = r));
    const release = new Promise<void>((r) => (finish = r));
    const first = idempotent({ principal: user, req: request("k2"), body: { a: 2 } }, async () => {
      started();
      await release;
      return { status: 200, body: { first: true } };
    });
    await inWork;
    const refused = await idempotent(
      { principal: user, req: request("k2"), body: { a: 2 } },
      async () => ({
        status: 200,
        body: {},
      }),
    ).then(
      () => null,
      (e: unknown) => e as AppError,
    );
    expect(refused?.status).toBe(409);
    expect(refused?.options.headers?.["Retry-After"]).toMatch(/^\d+$/);
    finish();
    expect((await first).status).toBe(200);
    const again = await idempotent(
      { principal: user, req: request("k2"), body: { a: 2 } },
      async () => ({
        status: 200,
        body: {},
      }),
    );
    expect(await again.json()).toEqual({ first: true });
  });

  it("a failed request leaves no claim behind: the same key may be used again", async () => {
    const user = await makeUser("editor");
    await expect(
      idempotent({ principal: user, req: request("k3"), body: { a: 3 } }, async () => {
        throw new AppError("validation_failed", "bad");
      }),
    ).rejects.toThrow("bad");
    const ok = await idempotent(
      { principal: user, req: request("k3"), body: { a: 3 } },
      async () => ({
        status: 200,
        body: { ok: 1 },
      }),
    );
    expect(ok.status).toBe(200);
  });
});
