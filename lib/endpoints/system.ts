import "@/lib/schemas/zod-config";
import { z } from "zod";
import { endpoint } from "@/lib/http/endpoint";

export const health = z
  .object({
    status: z.enum(["ok", "degraded"]),
    db: z.enum(["ok", "down"]),
    version: z.string(),
    realtime: z
      .object({
        connected: z
          .boolean()
          .describe(
            "Whether this instance's LISTEN connection is up (it connects with the first live stream).",
          ),
        listeners: z
          .number()
          .int()
          .describe("Handlers fed by that connection: one per open live stream."),
        streams: z.number().int().describe("Live streams this instance holds open."),
        reconnectAttempts: z
          .number()
          .int()
          .describe(
            "Failed reconnections of the LISTEN connection in a row (0 while connected); it retries with backoff until it succeeds.",
          ),
      })
      .describe("This instance's live-update fan-out."),
  })
  .meta({ id: "Health" });

export const attention = z
  .object({ firingAlerts: z.number().int(), pendingPromotions: z.number().int() })
  .meta({ id: "Attention", description: "What needs someone now: for the navigation's badges." });

export const systemEndpoints = {
  attention: endpoint({
    method: "GET",
    path: "/api/v1/attention",
    tag: "System",
    summary: "Counts that need attention",
    description: "Firing alerts and pending promotion requests.",
    action: "read",
    response: { status: 200, description: "The counts.", schema: attention },
  }),
  health: endpoint({
    method: "GET",
    path: "/api/health",
    tag: "System",
    summary: "Liveness and database check",
    action: "public",
    response: {
      status: 200,
      description: "Up; 503 with the same shape when the database is down.",
      schema: health,
    },
    errors: [503],
  }),
  metrics: endpoint({
    method: "GET",
    path: "/api/metrics",
    tag: "System",
    summary: "Prometheus metrics about Modelgate itself",
    description:
      "Open when METRICS_TOKEN is unset (keep it behind the network edge); with METRICS_TOKEN set it needs `Authorization: Bearer <METRICS_TOKEN>` (an API token does not do).",
    action: "public",
    response: {
      status: 200,
      description: "Prometheus text exposition format.",
      contentType: "text/plain",
    },
    errors: [401],
  }),
  openapi: endpoint({
    method: "GET",
    path: "/api/v1/openapi.json",
    tag: "System",
    summary: "This document",
    action: "public",
    response: {
      status: 200,
      description: "The OpenAPI 3.1 document.",
      schema: z.record(z.string(), z.unknown()),
    },
  }),
};
