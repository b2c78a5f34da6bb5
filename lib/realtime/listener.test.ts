import { afterAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/pg";
import { listenerState, subscribe } from "./listener";

// Against the run's real PostgreSQL: NOTIFY from another connection reaches the handlers.

const notify = (channel: string, payload: unknown) =>
  pool().query("SELECT pg_notify($1, $2)", [channel, JSON.stringify(payload)]);

/** Resolves with the first payload the handler sees. */
function nextPayload(channel: string) {
  let unsubscribe = () => {};
  const seen = new Promise<Record<string, unknown>>((resolve) => {
    void subscribe(channel, (p) => resolve(p)).then((u) => (unsubscribe = u));
  });
  return { seen, stop: () => unsubscribe() };
}

afterAll(async () => {
  await pool().end();
});

describe("realtime listener dispatch", () => {
  it("a handler that throws is removed, and the others still get the event", async () => {
    const channel = "test_isolation";
    const before = listenerState().handlers;
    // Subscribed first, so it runs first: a closed stream's enqueue throws exactly like this.
    await subscribe(channel, () => {
      throw new TypeError("Invalid state: Controller is already closed");
    });
    const first = nextPayload(channel);
    await new Promise((r) => setTimeout(r, 50));
    expect(listenerState().handlers).toBe(before + 2);
    await notify(channel, { n: 1 });
    expect(await first.seen).toEqual({ n: 1 });
    // The thrower is gone; a second event still reaches a healthy handler.
    expect(listenerState().handlers).toBe(before + 1);
    const second = nextPayload(channel);
    await new Promise((r) => setTimeout(r, 50));
    await notify(channel, { n: 2 });
    expect(await second.seen).toEqual({ n: 2 });
    first.stop();
    second.stop();
    expect(listenerState().handlers).toBe(before);
  });

  it("reports whether it is connected and how many handlers it holds", async () => {
    const stop = await subscribe("test_state", () => {});
    expect(listenerState()).toMatchObject({ connected: true });
    expect(listenerState().handlers).toBeGreaterThanOrEqual(1);
    stop();
  });

  it("unsubscribing removes the handler", async () => {
    const before = listenerState().handlers;
    const pending = subscribe("test_early", () => {});
    (await pending)();
    expect(listenerState().handlers).toBe(before);
  });
});
