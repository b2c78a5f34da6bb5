import pg from "pg";
import { env } from "@/lib/env";
import { log } from "@/lib/log";

// One LISTEN connection per app instance, fanning PostgreSQL notifications out to the
// server-sent-event streams this instance holds. The truth lives in the database and
// NOTIFY is sent by whichever instance made the change, so any number of instances
// behind a load balancer see every change; only open connections live in memory here.

type Handler = (payload: Record<string, unknown>) => void;

interface Listener {
  client: pg.Client | null;
  connecting: Promise<void> | null;
  handlers: Map<string, Set<Handler>>;
  /** Failed reconnection attempts in a row (0 while connected). */
  retries?: number;
  retryTimer?: ReturnType<typeof setTimeout> | null;
  /** Counts successful connections: what was learnt under one epoch may have missed notifications sent before the next. */
  epoch?: number;
}

const g = globalThis as unknown as { modelgateListener?: Listener };
const state: Listener = (g.modelgateListener ??= {
  client: null,
  connecting: null,
  handlers: new Map(),
});

const RETRY_BASE_MS = 250;
const RETRY_MAX_MS = 15_000;

/** Backoff before reconnection attempt `n` (0-based): exponential, capped, with jitter. */
export function reconnectDelay(n: number, jitter = Math.random()): number {
  const base = Math.min(RETRY_BASE_MS * 2 ** n, RETRY_MAX_MS);
  return Math.round(base / 2 + jitter * (base / 2));
}

async function connect(): Promise<void> {
  const client = new pg.Client({ connectionString: env().DATABASE_URL });
  client.on("notification", (msg) => {
    const set = state.handlers.get(msg.channel);
    if (!set || !msg.payload) return;
    let payload: Record<string, unknown>;
    try {
      payload = JSON.parse(msg.payload) as Record<string, unknown>;
    } catch {
      return;
    }
    dispatch(set, msg.channel, payload);
  });
  // A restart or failover of PostgreSQL ends the connection with an error, a clean close with
  // "end"; both lead to one reconnection loop, which re-issues every LISTEN.
  const lost = (err?: Error) => {
    if (state.client !== client) return;
    state.client = null;
    log.warn({ err: err?.message }, "realtime listener lost its connection; reconnecting");
    void client.end().catch(() => undefined);
    scheduleReconnect();
  };
  client.on("error", lost);
  client.on("end", () => lost());
  try {
    await client.connect();
    for (const channel of state.handlers.keys()) await client.query(`LISTEN "${channel}"`);
  } catch (e) {
    client.removeAllListeners("end");
    client.on("error", () => undefined);
    void client.end().catch(() => undefined);
    throw e;
  }
  state.client = client;
  state.epoch = (state.epoch ?? 0) + 1;
  if (state.retries) log.info({ attempts: state.retries }, "realtime listener reconnected");
  state.retries = 0;
}

/**
 * Each handler on its own: one that throws (a stream whose client left throws "Controller
 * is already closed") is dropped and logged, and the rest of the set still gets the event.
 * Without this, one broken stream ended delivery for every viewer on the instance.
 */
function dispatch(set: Set<Handler>, channel: string, payload: Record<string, unknown>) {
  for (const handler of [...set]) {
    try {
      handler(payload);
    } catch (err) {
      set.delete(handler);
      log.warn({ err, channel }, "realtime handler threw; removed it");
    }
  }
}

/** For /api/health: whether the LISTEN connection is up, how many handlers it feeds, and how many reconnections failed in a row. */
export function listenerState(): {
  connected: boolean;
  handlers: number;
  reconnectAttempts: number;
} {
  let handlers = 0;
  for (const set of state.handlers.values()) handlers += set.size;
  return { connected: state.client !== null, handlers, reconnectAttempts: state.retries ?? 0 };
}

async function ensure() {
  if (state.client) return;
  state.connecting ??= connect().finally(() => (state.connecting = null));
  await state.connecting;
}

/**
 * Try again with exponential backoff until a connection succeeds: the streams this instance
 * holds stay open meanwhile and get changes again as soon as it does (earlier it tried once,
 * and a database restart silenced the instance until it was itself restarted).
 */
function scheduleReconnect() {
  if (state.retryTimer || state.client) return;
  const delay = reconnectDelay(state.retries ?? 0);
  state.retryTimer = setTimeout(() => {
    state.retryTimer = null;
    ensure().catch((err: Error) => {
      state.retries = (state.retries ?? 0) + 1;
      log.warn(
        { err: err.message, attempt: state.retries },
        "realtime listener could not reconnect; retrying",
      );
      scheduleReconnect();
    });
  }, delay);
  // The retry alone never keeps a process alive (tests, CLI scripts).
  state.retryTimer.unref?.();
}

/**
 * The current connection's number, or null while there is none. A cache kept fresh by
 * notifications serves only what it learnt under the current epoch: anything older may have
 * missed a notification sent while the connection was down.
 */
export function listenerEpoch(): number | null {
  return state.client ? (state.epoch ?? 0) : null;
}

/** Call `handler` for every notification on `channel`; returns the unsubscribe function. */
export async function subscribe(channel: string, handler: Handler): Promise<() => void> {
  if (!/^[a-z_]+$/.test(channel)) throw new Error(`bad channel name ${channel}`);
  const fresh = !state.handlers.has(channel);
  const set = state.handlers.get(channel) ?? new Set<Handler>();
  set.add(handler);
  state.handlers.set(channel, set);
  await ensure();
  if (fresh) await state.client?.query(`LISTEN "${channel}"`);
  return () => {
    set.delete(handler);
  };
}
