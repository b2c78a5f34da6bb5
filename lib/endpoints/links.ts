import type { Endpoint, HttpMethod } from "@/lib/http/endpoint";
import type { alertEndpoints } from "./alerts";
import type { auditEndpoints } from "./audit";
import type { checklistEndpoints, templateEndpoints } from "./checklist";
import type { deliveryEndpoints } from "./deliveries";
import type { driftEndpoints } from "./drift";
import type { modelEndpoints } from "./models";
import type { monitoringEndpoints } from "./monitoring";
import type { deploymentEndpoints, promotionEndpoints } from "./promotions";
import type { retrainingEndpoints } from "./retraining";
import type { rolloutEndpoints } from "./rollouts";
import type { systemEndpoints } from "./system";
import type { targetEndpoints } from "./targets";
import type { tokenEndpoints } from "./tokens";
import type { userEndpoints } from "./users";
import type { versionEndpoints } from "./versions";
import type { webhookEndpoints } from "./webhooks";

// The browser's half of each endpoint spec: method, path and tag, which is all lib/client needs
// at run time to build a URL and a react-query key, plus the spec's type (never its value), which
// gives the call its params, query, body and result types. The specs themselves carry zod
// schemas; importing one into a client component puts zod and the domain's schemas into that
// page's JavaScript. Client components import links; servers, routes and the OpenAPI document
// keep using the specs. links.test.ts checks every link against its spec, so the path and the
// method have one source of truth (the spec) and a copy here that cannot drift.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyEndpoint = Endpoint<any, any, any, any>;

/** An endpoint as the browser calls it. `__spec` exists in the type only. */
export interface Link<E extends AnyEndpoint = AnyEndpoint> {
  method: HttpMethod;
  path: string;
  tag: string;
  readonly __spec: E;
}

function link<E extends AnyEndpoint>(method: E["method"], path: E["path"], tag: E["tag"]): Link<E> {
  return { method, path, tag } as Link<E>;
}

export const alertLinks = {
  listRules: link<typeof alertEndpoints.listRules>("GET", "/api/v1/alert-rules", "Alerts"),
  createRule: link<typeof alertEndpoints.createRule>("POST", "/api/v1/alert-rules", "Alerts"),
  updateRule: link<typeof alertEndpoints.updateRule>("PATCH", "/api/v1/alert-rules/{id}", "Alerts"),
  deleteRule: link<typeof alertEndpoints.deleteRule>(
    "DELETE",
    "/api/v1/alert-rules/{id}",
    "Alerts",
  ),
  list: link<typeof alertEndpoints.list>("GET", "/api/v1/alerts", "Alerts"),
  get: link<typeof alertEndpoints.get>("GET", "/api/v1/alerts/{id}", "Alerts"),
  acknowledge: link<typeof alertEndpoints.acknowledge>(
    "POST",
    "/api/v1/alerts/{id}/acknowledge",
    "Alerts",
  ),
  resolve: link<typeof alertEndpoints.resolve>("POST", "/api/v1/alerts/{id}/resolve", "Alerts"),
  silence: link<typeof alertEndpoints.silence>("POST", "/api/v1/alerts/{id}/silence", "Alerts"),
};

export const auditLinks = {
  list: link<typeof auditEndpoints.list>("GET", "/api/v1/audit", "Audit"),
};

export const checklistLinks = {
  get: link<typeof checklistEndpoints.get>(
    "GET",
    "/api/v1/models/{slug}/versions/{n}/checklist",
    "Checklists",
  ),
  update: link<typeof checklistEndpoints.update>(
    "PATCH",
    "/api/v1/models/{slug}/versions/{n}/checklist/{itemId}",
    "Checklists",
  ),
  status: link<typeof checklistEndpoints.status>(
    "GET",
    "/api/v1/models/{slug}/versions/{n}/checklist/status",
    "Checklists",
  ),
  events: link<typeof checklistEndpoints.events>(
    "GET",
    "/api/v1/models/{slug}/versions/{n}/checklist/events",
    "Checklists",
  ),
};

export const templateLinks = {
  list: link<typeof templateEndpoints.list>("GET", "/api/v1/checklist-templates", "Checklists"),
  create: link<typeof templateEndpoints.create>(
    "POST",
    "/api/v1/checklist-templates",
    "Checklists",
  ),
  update: link<typeof templateEndpoints.update>(
    "PATCH",
    "/api/v1/checklist-templates/{id}",
    "Checklists",
  ),
  remove: link<typeof templateEndpoints.remove>(
    "DELETE",
    "/api/v1/checklist-templates/{id}",
    "Checklists",
  ),
};

export const driftLinks = {
  putReference: link<typeof driftEndpoints.putReference>(
    "PUT",
    "/api/v1/models/{slug}/versions/{n}/reference",
    "Drift",
  ),
  getReference: link<typeof driftEndpoints.getReference>(
    "GET",
    "/api/v1/models/{slug}/versions/{n}/reference",
    "Drift",
  ),
  drift: link<typeof driftEndpoints.drift>("GET", "/api/v1/deployments/{id}/drift", "Drift"),
  history: link<typeof driftEndpoints.history>(
    "GET",
    "/api/v1/deployments/{id}/drift/history",
    "Drift",
  ),
  config: link<typeof driftEndpoints.config>("PUT", "/api/v1/models/{slug}/drift-config", "Drift"),
  concept: link<typeof driftEndpoints.concept>(
    "GET",
    "/api/v1/deployments/{id}/concept-drift",
    "Drift",
  ),
  performance: link<typeof driftEndpoints.performance>(
    "GET",
    "/api/v1/deployments/{id}/performance",
    "Drift",
  ),
};

export const modelLinks = {
  list: link<typeof modelEndpoints.list>("GET", "/api/v1/models", "Models"),
  create: link<typeof modelEndpoints.create>("POST", "/api/v1/models", "Models"),
  get: link<typeof modelEndpoints.get>("GET", "/api/v1/models/{slug}", "Models"),
  update: link<typeof modelEndpoints.update>("PATCH", "/api/v1/models/{slug}", "Models"),
  archive: link<typeof modelEndpoints.archive>("DELETE", "/api/v1/models/{slug}", "Models"),
  putRequirements: link<typeof modelEndpoints.putRequirements>(
    "PUT",
    "/api/v1/models/{slug}/requirements",
    "Models",
  ),
};

export const monitoringLinks = {
  pushMetrics: link<typeof monitoringEndpoints.pushMetrics>(
    "POST",
    "/api/v1/deployments/{id}/metrics",
    "Monitoring",
  ),
  readMetrics: link<typeof monitoringEndpoints.readMetrics>(
    "GET",
    "/api/v1/deployments/{id}/metrics",
    "Monitoring",
  ),
  pushPredictions: link<typeof monitoringEndpoints.pushPredictions>(
    "POST",
    "/api/v1/deployments/{id}/predictions",
    "Monitoring",
  ),
  listPredictions: link<typeof monitoringEndpoints.listPredictions>(
    "GET",
    "/api/v1/deployments/{id}/predictions",
    "Monitoring",
  ),
  getPrediction: link<typeof monitoringEndpoints.getPrediction>(
    "GET",
    "/api/v1/deployments/{id}/predictions/{predictionId}",
    "Monitoring",
  ),
  labelPrediction: link<typeof monitoringEndpoints.labelPrediction>(
    "PATCH",
    "/api/v1/deployments/{id}/predictions/{predictionId}",
    "Monitoring",
  ),
  summary: link<typeof monitoringEndpoints.summary>(
    "GET",
    "/api/v1/deployments/{id}/predictions/summary",
    "Monitoring",
  ),
  fleet: link<typeof monitoringEndpoints.fleet>("GET", "/api/v1/fleet", "Monitoring"),
};

export const retrainingLinks = {
  getPolicy: link<typeof retrainingEndpoints.getPolicy>(
    "GET",
    "/api/v1/models/{slug}/retraining-policy",
    "Retraining",
  ),
  setPolicy: link<typeof retrainingEndpoints.setPolicy>(
    "PUT",
    "/api/v1/models/{slug}/retraining-policy",
    "Retraining",
  ),
  list: link<typeof retrainingEndpoints.list>(
    "GET",
    "/api/v1/models/{slug}/retraining",
    "Retraining",
  ),
  get: link<typeof retrainingEndpoints.get>("GET", "/api/v1/retraining/{id}", "Retraining"),
  dismiss: link<typeof retrainingEndpoints.dismiss>(
    "POST",
    "/api/v1/retraining/{id}/dismiss",
    "Retraining",
  ),
};

export const rolloutLinks = {
  list: link<typeof rolloutEndpoints.list>("GET", "/api/v1/rollouts", "Rollouts"),
  get: link<typeof rolloutEndpoints.get>("GET", "/api/v1/rollouts/{id}", "Rollouts"),
  pause: link<typeof rolloutEndpoints.pause>("POST", "/api/v1/rollouts/{id}/pause", "Rollouts"),
  resume: link<typeof rolloutEndpoints.resume>("POST", "/api/v1/rollouts/{id}/resume", "Rollouts"),
  abort: link<typeof rolloutEndpoints.abort>("POST", "/api/v1/rollouts/{id}/abort", "Rollouts"),
  promote: link<typeof rolloutEndpoints.promote>(
    "POST",
    "/api/v1/rollouts/{id}/promote",
    "Rollouts",
  ),
};

export const promotionLinks = {
  changes: link<typeof promotionEndpoints.changes>(
    "GET",
    "/api/v1/promotions/{id}/changes",
    "Promotions",
  ),
  targets: link<typeof promotionEndpoints.targets>(
    "GET",
    "/api/v1/models/{slug}/versions/{n}/targets",
    "Promotions",
  ),
  gates: link<typeof promotionEndpoints.gates>(
    "GET",
    "/api/v1/models/{slug}/versions/{n}/gates",
    "Promotions",
  ),
  request: link<typeof promotionEndpoints.request>(
    "POST",
    "/api/v1/models/{slug}/versions/{n}/promotions",
    "Promotions",
  ),
  list: link<typeof promotionEndpoints.list>("GET", "/api/v1/promotions", "Promotions"),
  get: link<typeof promotionEndpoints.get>("GET", "/api/v1/promotions/{id}", "Promotions"),
  approve: link<typeof promotionEndpoints.approve>(
    "POST",
    "/api/v1/promotions/{id}/approve",
    "Promotions",
  ),
  reject: link<typeof promotionEndpoints.reject>(
    "POST",
    "/api/v1/promotions/{id}/reject",
    "Promotions",
  ),
  cancel: link<typeof promotionEndpoints.cancel>(
    "POST",
    "/api/v1/promotions/{id}/cancel",
    "Promotions",
  ),
};

export const deploymentLinks = {
  list: link<typeof deploymentEndpoints.list>("GET", "/api/v1/deployments", "Deployments"),
  get: link<typeof deploymentEndpoints.get>("GET", "/api/v1/deployments/{id}", "Deployments"),
  rollback: link<typeof deploymentEndpoints.rollback>(
    "POST",
    "/api/v1/deployments/{id}/rollback",
    "Deployments",
  ),
};

export const deliveryLinks = {
  forTarget: link<typeof deliveryEndpoints.forTarget>(
    "GET",
    "/api/v1/targets/{slug}/deliveries",
    "Targets",
  ),
  forDeployment: link<typeof deliveryEndpoints.forDeployment>(
    "GET",
    "/api/v1/deployments/{id}/deliveries",
    "Deployments",
  ),
};

export const systemLinks = {
  attention: link<typeof systemEndpoints.attention>("GET", "/api/v1/attention", "System"),
  health: link<typeof systemEndpoints.health>("GET", "/api/health", "System"),
  metrics: link<typeof systemEndpoints.metrics>("GET", "/api/metrics", "System"),
  openapi: link<typeof systemEndpoints.openapi>("GET", "/api/v1/openapi.json", "System"),
};

export const targetLinks = {
  list: link<typeof targetEndpoints.list>("GET", "/api/v1/targets", "Targets"),
  create: link<typeof targetEndpoints.create>("POST", "/api/v1/targets", "Targets"),
  get: link<typeof targetEndpoints.get>("GET", "/api/v1/targets/{slug}", "Targets"),
  update: link<typeof targetEndpoints.update>("PATCH", "/api/v1/targets/{slug}", "Targets"),
  history: link<typeof targetEndpoints.history>("GET", "/api/v1/targets/{slug}/history", "Targets"),
};

export const tokenLinks = {
  list: link<typeof tokenEndpoints.list>("GET", "/api/v1/tokens", "Tokens"),
  create: link<typeof tokenEndpoints.create>("POST", "/api/v1/tokens", "Tokens"),
  revoke: link<typeof tokenEndpoints.revoke>("DELETE", "/api/v1/tokens/{id}", "Tokens"),
};

export const userLinks = {
  list: link<typeof userEndpoints.list>("GET", "/api/v1/users", "Users"),
  create: link<typeof userEndpoints.create>("POST", "/api/v1/users", "Users"),
  update: link<typeof userEndpoints.update>("PATCH", "/api/v1/users/{id}", "Users"),
  me: link<typeof userEndpoints.me>("GET", "/api/v1/me", "Users"),
  changePassword: link<typeof userEndpoints.changePassword>("POST", "/api/v1/me/password", "Users"),
};

export const versionLinks = {
  list: link<typeof versionEndpoints.list>("GET", "/api/v1/models/{slug}/versions", "Versions"),
  register: link<typeof versionEndpoints.register>(
    "POST",
    "/api/v1/models/{slug}/versions",
    "Versions",
  ),
  get: link<typeof versionEndpoints.get>("GET", "/api/v1/models/{slug}/versions/{n}", "Versions"),
  update: link<typeof versionEndpoints.update>(
    "PATCH",
    "/api/v1/models/{slug}/versions/{n}",
    "Versions",
  ),
  compare: link<typeof versionEndpoints.compare>(
    "GET",
    "/api/v1/models/{slug}/compare",
    "Versions",
  ),
};

export const webhookLinks = {
  list: link<typeof webhookEndpoints.list>("GET", "/api/v1/webhooks", "Webhooks"),
  create: link<typeof webhookEndpoints.create>("POST", "/api/v1/webhooks", "Webhooks"),
  update: link<typeof webhookEndpoints.update>("PATCH", "/api/v1/webhooks/{id}", "Webhooks"),
  remove: link<typeof webhookEndpoints.remove>("DELETE", "/api/v1/webhooks/{id}", "Webhooks"),
  deliveries: link<typeof webhookEndpoints.deliveries>(
    "GET",
    "/api/v1/webhooks/{id}/deliveries",
    "Webhooks",
  ),
  test: link<typeof webhookEndpoints.test>("POST", "/api/v1/webhooks/{id}/test", "Webhooks"),
};
