import { z } from "zod";
import { endpoint } from "@/lib/http/endpoint";
import { idParams, pageOf } from "@/lib/schemas/common";
import {
  alert,
  alertAction,
  alertListQuery,
  rule,
  ruleCreate,
  ruleListQuery,
  ruleUpdate,
} from "@/lib/schemas/alerts";

export const alertEndpoints = {
  listRules: endpoint({
    method: "GET",
    path: "/api/v1/alert-rules",
    tag: "Alerts",
    summary: "List alert rules",
    description:
      "Rules written by people and the ones derived from each model's requirements (`derived: true`).",
    action: "read",
    query: ruleListQuery,
    response: {
      status: 200,
      description: "The rules.",
      schema: z.object({ items: z.array(rule) }),
    },
  }),
  createRule: endpoint({
    method: "POST",
    path: "/api/v1/alert-rules",
    tag: "Alerts",
    summary: "Create an alert rule",
    description:
      "`metric`: an aggregate (avg, p95, max, min, sum, rate = points per second) of a metric over `windowSeconds`, compared with `threshold`. `no_data`: fires when the metric has no point in the window. `drift`: fires when the newest drift report in the window says the dataset drifted with a share of at least `threshold` (default 0.5). The condition must hold `forSeconds` before the alert fires.",
    action: "write",
    body: ruleCreate,
    response: { status: 201, description: "The rule.", schema: rule },
  }),
  updateRule: endpoint({
    method: "PATCH",
    path: "/api/v1/alert-rules/{id}",
    tag: "Alerts",
    summary: "Edit an alert rule",
    description: "Derived rules follow the requirements: only `enabled` and `severity` may change.",
    action: "write",
    params: idParams,
    body: ruleUpdate,
    response: { status: 200, description: "The rule.", schema: rule },
    errors: [404, 422],
  }),
  deleteRule: endpoint({
    method: "DELETE",
    path: "/api/v1/alert-rules/{id}",
    tag: "Alerts",
    summary: "Delete an alert rule",
    action: "write",
    params: idParams,
    description:
      'Refused (409, listing them in `alerts`) while the rule has an open critical alert: it blocks promotions until it is resolved. Open warning and info alerts are resolved with the comment that the rule was deleted (an `alert.resolve` audit entry with `reason: "rule deleted"`). Every alert outlives its rule: `ruleId` becomes null, `ruleDeleted` true, and `rule` shows the rule as it was when the alert opened. Derived rules cannot be deleted (422).',
    response: { status: 204, description: "Deleted (with its resolved alerts)." },
    errors: [404, 409, 422],
  }),
  list: endpoint({
    method: "GET",
    path: "/api/v1/alerts",
    tag: "Alerts",
    summary: "List alerts",
    description: "Newest first; `state=open` for everything not resolved.",
    action: "read",
    query: alertListQuery,
    response: { status: 200, description: "A page of alerts.", schema: pageOf(alert) },
  }),
  get: endpoint({
    method: "GET",
    path: "/api/v1/alerts/{id}",
    tag: "Alerts",
    summary: "Read an alert",
    action: "read",
    params: idParams,
    response: { status: 200, description: "The alert.", schema: alert },
    errors: [404],
  }),
  acknowledge: endpoint({
    method: "POST",
    path: "/api/v1/alerts/{id}/acknowledge",
    tag: "Alerts",
    summary: "Acknowledge an alert",
    description:
      "Someone is on it. Editors may acknowledge any alert. An acknowledged alert stays open while its condition holds — a critical one still blocks promotions of its model (`no_critical_alerts`) — and resolves by itself when the condition clears. 409 when resolved or already acknowledged.",
    action: "write",
    params: idParams,
    body: alertAction,
    response: { status: 200, description: "The alert.", schema: alert },
    errors: [404, 409],
  }),
  resolve: endpoint({
    method: "POST",
    path: "/api/v1/alerts/{id}/resolve",
    tag: "Alerts",
    summary: "Resolve an alert by hand",
    description:
      "A critical alert needs an approver (403 otherwise); warnings and info alerts an editor. If the condition still holds, the next evaluation opens a new alert.",
    action: "write",
    params: idParams,
    body: alertAction,
    response: { status: 200, description: "The alert.", schema: alert },
    errors: [404, 409],
  }),
  silence: endpoint({
    method: "POST",
    path: "/api/v1/alerts/{id}/silence",
    tag: "Alerts",
    summary: "Silence an alert until a time",
    description:
      "No notifications (webhooks) until `until`, at most `ALERT_MAX_SILENCE_HOURS` (default 24) from now (400 naming `until` beyond). The alert keeps its state; a critical one still blocks promotions. Silencing a critical alert needs an approver (403 otherwise).",
    action: "write",
    params: idParams,
    body: alertAction,
    response: { status: 200, description: "The alert.", schema: alert },
    errors: [404, 409],
  }),
};
