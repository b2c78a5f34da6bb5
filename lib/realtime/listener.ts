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
}

const g = globalThis as unknown as { modelgateListener?: Listener };
const state: Listener = (g.modelgateListener ??= { client: null, connecting: null, handlers: new Map() });

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
  client.on("error", (err) => {
    log.warn({ err }, "realtime listener lost its connection; reconnecting");
    state.client = null;
    setTimeout(() => void ensure().catch(() => {}), 1000);
  });
  await client.connect();
  for (const channel of state.handlers.keys()) await client.query(`LISTEN "${channel}"`);
  state.client = client;
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

/** For /api/health: whether the LISTEN connection is up, and how many handlers it feeds. */
export function listenerState(): { connected: boolean; handlers: number } {
  let handlers = 0;
  for (const set of state.handlers.values()) handlers += set.size;
  return { connected: state.client !== null, handlers };
}

async function ensure() {
  if (state.client) return;
  state.connecting ??= connect().finally(() => (state.connecting = null));
  await state.connecting;
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
