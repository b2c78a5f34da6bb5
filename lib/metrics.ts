import { Counter, Histogram, Registry, collectDefaultMetrics } from "prom-client";

// Prometheus metrics about Modelgate itself, served at GET /api/metrics. One registry per
// process, kept on globalThis so Next's module reloading does not register twice.

interface AppMetrics {
  registry: Registry;
  httpRequests: Counter<"method" | "route" | "status">;
  httpDuration: Histogram<"method" | "route" | "status">;
}

const g = globalThis as unknown as { modelgateMetrics?: AppMetrics };

function create(): AppMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ app: "modelgate" });
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    httpRequests: new Counter({
      name: "modelgate_http_requests_total",
      help: "HTTP requests to the API, by route template and status.",
      labelNames: ["method", "route", "status"],
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: "modelgate_http_request_duration_seconds",
      help: "Time to answer an API request, by route template and status.",
      labelNames: ["method", "route", "status"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
  };
}

export function metrics(): AppMetrics {
  g.modelgateMetrics ??= create();
  return g.modelgateMetrics;
}
