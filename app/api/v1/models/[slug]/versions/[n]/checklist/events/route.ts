import { checklistEndpoints } from "@/lib/endpoints/checklist";
import { env } from "@/lib/env";
import { route } from "@/lib/http/route";
import { log } from "@/lib/log";
import { subscribe } from "@/lib/realtime/listener";
import { openStream } from "@/lib/realtime/streams";
import {
  CHECKLIST_CHANNEL,
  lastChecklistChange,
  versionIdOf,
} from "@/lib/services/checklist/items";
import {
  HEARTBEAT_SECONDS,
  leavePresence,
  touchPresence,
  viewers,
} from "@/lib/services/checklist/presence";

export const dynamic = "force-dynamic";

// GET /api/v1/models/{slug}/versions/{n}/checklist/events – live changes and viewers (SSE)
//   1. take one of the caller's stream slots (429 past STREAMS_PER_USER on this instance);
//   2. register cleanup at once, before any await, so a client that leaves during set-up
//      leaves nothing behind: every resource set up later is handed to `defer`, which frees
//      it on the spot if the stream already closed;
//   3. subscribe to the instance's LISTEN connection for this version's notifications;
//   4. mark the caller present (heartbeat every 10 s) and send the viewer list on change.
export const GET = route(checklistEndpoints.events, async ({ req, principal, params }) => {
  const versionId = await versionIdOf(params.slug, params.n);
  const userId = principal.user.id;
  const release = openStream(userId);
  const encoder = new TextEncoder();
  let cleanup = () => {};

  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      let closed = false;
      const cleanups: (() => void)[] = [release];
      cleanup = () => {
        if (closed) return;
        closed = true;
        for (const fn of cleanups.splice(0)) fn();
        try {
          controller.close();
        } catch {
          // already closed by the client
        }
      };
      const defer = (fn: () => void) => (closed ? fn() : cleanups.push(fn));
      req.signal.addEventListener("abort", () => cleanup());
      if (req.signal.aborted) return cleanup();

      const send = (event: string, data: unknown) => {
        if (closed) return;
        try {
          controller.enqueue(encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`));
        } catch {
          cleanup();
        }
      };
      const sendViewers = async () => send("presence", await viewers(versionId));

      const setUp = async () => {
        defer(
          await subscribe(CHECKLIST_CHANNEL, (payload) => {
            if (payload.versionId !== versionId) return;
            if (payload.type === "item") send("item", { itemId: payload.itemId, by: payload.by });
            if (payload.type === "presence") void sendViewers().catch(() => {});
          }),
        );
        if (closed) return;
        await touchPresence(versionId, userId, true);
        defer(() => void leavePresence(versionId, userId).catch(() => {}));
        if (closed) return;
        await sendViewers();
        const heartbeat = setInterval(
          () => void touchPresence(versionId, userId, false).catch(() => {}),
          HEARTBEAT_SECONDS * 1000,
        );
        defer(() => clearInterval(heartbeat));
        const keepAlive = setInterval(() => {
          if (closed) return;
          try {
            controller.enqueue(encoder.encode(": keep-alive\n\n"));
          } catch {
            cleanup();
          }
        }, 15_000);
        defer(() => clearInterval(keepAlive));
        // The embedded database (PGlite over a socket) does not deliver NOTIFY between
        // connections: there, look for changes every second and a half instead.
        if (env().MODELGATE_EMBEDDED_DB) defer(await startPolling(versionId, send, sendViewers));
      };
      setUp().catch((err: unknown) => {
        log.warn({ err, versionId }, "checklist stream set-up failed; closing it");
        cleanup();
      });
    },
    cancel() {
      cleanup();
    },
  });

  return new Response(stream, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-cache, no-transform",
      Connection: "keep-alive",
      "X-Accel-Buffering": "no",
    },
  });
});

/** Change detection by polling, for databases without cross-connection NOTIFY. */
async function startPolling(
  versionId: string,
  send: (event: string, data: unknown) => void,
  sendViewers: () => Promise<void>,
) {
  const stamp = () => lastChecklistChange(versionId);
  // Taken before the stream starts: a change in the first moments is not absorbed as the baseline.
  let lastChange = await stamp();
  let lastViewers = JSON.stringify(await viewers(versionId));
  const timer = setInterval(async () => {
    try {
      const now = await stamp();
      if (now !== lastChange) send("item", { itemId: null, by: null });
      lastChange = now;
      const who = JSON.stringify(await viewers(versionId));
      if (who !== lastViewers) {
        lastViewers = who;
        await sendViewers();
      }
    } catch {
      // the next tick tries again
    }
  }, 1500);
  return () => clearInterval(timer);
}
