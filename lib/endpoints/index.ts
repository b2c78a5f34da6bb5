import type { Endpoint } from "@/lib/http/endpoint";
import { alertEndpoints } from "./alerts";
import { auditEndpoints } from "./audit";
import { driftEndpoints } from "./drift";
import { endpointEndpoints } from "./endpoints";
import { checklistEndpoints, templateEndpoints } from "./checklist";
import { deliveryEndpoints } from "./deliveries";
import { modelEndpoints } from "./models";
import { monitoringEndpoints } from "./monitoring";
import { otlpEndpoints } from "./otlp";
import { retrainingEndpoints } from "./retraining";
import { rolloutEndpoints } from "./rollouts";
import { deploymentEndpoints, promotionEndpoints } from "./promotions";
import { systemEndpoints } from "./system";
import { targetEndpoints } from "./targets";
import { tokenEndpoints } from "./tokens";
import { userEndpoints } from "./users";
import { versionEndpoints } from "./versions";
import { webhookEndpoints } from "./webhooks";

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
  rolloutEndpoints,
  deliveryEndpoints,
  monitoringEndpoints,
  endpointEndpoints,
  alertEndpoints,
  driftEndpoints,
  retrainingEndpoints,
  webhookEndpoints,
  otlpEndpoints,
  userEndpoints,
  tokenEndpoints,
  auditEndpoints,
].flatMap((group) => Object.values(group) as Endpoint[]);
