import type { Endpoint } from "@/lib/http/endpoint";
import { auditEndpoints } from "./audit";
import { checklistEndpoints, templateEndpoints } from "./checklist";
import { modelEndpoints } from "./models";
import { monitoringEndpoints } from "./monitoring";
import { otlpEndpoints } from "./otlp";
import { deploymentEndpoints, promotionEndpoints } from "./promotions";
import { systemEndpoints } from "./system";
import { targetEndpoints } from "./targets";
import { tokenEndpoints } from "./tokens";
import { userEndpoints } from "./users";
import { versionEndpoints } from "./versions";

/** Every endpoint of the API, for the OpenAPI document. A new endpoint group is added here. */
export const allEndpoints: Endpoint[] = [
  systemEndpoints,
  modelEndpoints,
  versionEndpoints,
  checklistEndpoints,
  templateEndpoints,
  targetEndpoints,
  promotionEndpoints,
  deploymentEndpoints,
  monitoringEndpoints,
  otlpEndpoints,
  userEndpoints,
  tokenEndpoints,
  auditEndpoints,
].flatMap((group) => Object.values(group) as Endpoint[]);
