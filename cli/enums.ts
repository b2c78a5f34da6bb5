import type * as app from "@/lib/schemas/models";

// Value lists the API accepts, repeated here so the CLI never loads the app's runtime modules;
// the type checks below fail `tsc` if they drift from lib/schemas/models.ts.
export const riskLevels = ["low", "medium", "high", "critical"] as const;
export const taskTypes = [
  "classification",
  "regression",
  "ranking",
  "forecasting",
  "nlp",
  "vision",
  "recommendation",
  "anomaly_detection",
  "generative",
  "other",
] as const;
export const versionStages = ["development", "staging", "production", "archived"] as const;

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _enumsMatchTheApi: [
  Same<(typeof riskLevels)[number], (typeof app.riskLevels)[number]>,
  Same<(typeof taskTypes)[number], (typeof app.taskTypes)[number]>,
  Same<(typeof versionStages)[number], (typeof app.versionStages)[number]>,
] = [true, true, true];
