import { db } from "@/lib/db";
import { systemEndpoints } from "@/lib/endpoints/system";
import { json, route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

// GET /api/health – liveness and a database round trip; 503 when the database is down
export const GET = route(systemEndpoints.health, async () => {
  const version = process.env.npm_package_version ?? "0.1.0";
  try {
    await Promise.race([
      db.$queryRaw`SELECT 1`,
      new Promise((_, reject) => setTimeout(() => reject(new Error("timeout")), 2000)),
    ]);
    return json({ status: "ok", db: "ok", version }, { headers: { "Cache-Control": "no-store" } });
  } catch {
    return json({ status: "degraded", db: "down", version }, { status: 503, headers: { "Cache-Control": "no-store" } });
  }
});
