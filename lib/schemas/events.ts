// The outbox's event types (lib/services/events.ts writes them, webhooks subscribe to them).
// Declared here, below the services, so the webhook schemas can name them without pulling
// the database into a browser bundle.

export const eventTypes = [
  "version.registered",
  "promotion.requested",
  "promotion.approved",
  "promotion.rejected",
  "promotion.cancelled",
  "promotion.expired",
  "promotion.invalidated",
  "deployment.activated",
  "deployment.rolled_back",
  "deployment.emergency_rollback",
  "rollout.started",
  "rollout.step_passed",
  "rollout.completed",
  "rollout.failed",
  "rollout.paused",
  "rollout.resumed",
  "rollout.aborted",
  "alert.firing",
  "alert.resolved",
  "drift.detected",
  "concept_drift.detected",
  "retraining.requested",
  "retraining.closed",
  "delivery.committed",
  "delivery.failed",
] as const;

export type EventType = (typeof eventTypes)[number];
