// Value lists the API accepts, for the CLI's option choices. They come from the database's
// enums (the generated file is plain objects with no imports), so the CLI still never loads
// the app's runtime modules and cannot drift from the API.
import { RiskLevel, TaskType, VersionStage } from "../lib/generated/prisma/enums";

export const riskLevels = Object.values(RiskLevel);
export const taskTypes = Object.values(TaskType);
export const versionStages = Object.values(VersionStage);
