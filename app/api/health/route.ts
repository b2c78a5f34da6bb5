import { systemEndpoints } from "@/lib/endpoints/system";
import { json, route } from "@/lib/http/route";
import { listenerState } from "@/lib/realtime/listener";
import { openStreams } from "@/lib/realtime/streams";
import { databaseAnswers } from "@/lib/services/health";
// The version that was built, from package.json at build time: npm_package_version is only
// set when npm starts the process (not under `next start` or a container's `node server.js`).
import packageJson from "@/package.json";

export const dynamic = "force-dynamic";

// GET /api/health – liveness and a database round trip; 503 when the database is down
export const GET = route(systemEndpoints.health, async () => {
  const version = packageJson.version;
  const { connected, handlers, reconnectAttempts } = listenerState();
  // A stream count far above the listener count means streams that lost their handler.
  const realtime = { connected, listeners: handlers, streams: openStreams(), reconnectAttempts };
  const headers = { "Cache-Control": "no-store" };
  if (await databaseAnswers())
    return json({ status: "ok", db: "ok", version, realtime }, { headers });
  return json({ status: "degraded", db: "down", version, realtime }, { status: 503, headers });
});
