import { describe, expect, it } from "vitest";
import * as endpoints from "./index";
import * as links from "./links";
import { alertEndpoints } from "./alerts";
import { auditEndpoints } from "./audit";
import { checklistEndpoints, templateEndpoints } from "./checklist";
import { deliveryEndpoints } from "./deliveries";
import { driftEndpoints } from "./drift";
import { modelEndpoints } from "./models";
import { monitoringEndpoints } from "./monitoring";
import { deploymentEndpoints, promotionEndpoints } from "./promotions";
import { retrainingEndpoints } from "./retraining";
import { rolloutEndpoints } from "./rollouts";
import { systemEndpoints } from "./system";
import { targetEndpoints } from "./targets";
import { tokenEndpoints } from "./tokens";
import { userEndpoints } from "./users";
import { versionEndpoints } from "./versions";
import { webhookEndpoints } from "./webhooks";

// The links (what the browser imports) are a copy of the specs' method, path and tag: this is
// what keeps the copy true. Every link matches its spec, and every spec of a linked group has
// its link.

const specs: Record<string, Record<string, { method: string; path: string; tag: string }>> = {
  alertLinks: alertEndpoints,
  auditLinks: auditEndpoints,
  checklistLinks: checklistEndpoints,
  templateLinks: templateEndpoints,
  driftLinks: driftEndpoints,
  modelLinks: modelEndpoints,
  monitoringLinks: monitoringEndpoints,
  promotionLinks: promotionEndpoints,
  deploymentLinks: deploymentEndpoints,
  deliveryLinks: deliveryEndpoints,
  retrainingLinks: retrainingEndpoints,
  rolloutLinks: rolloutEndpoints,
  systemLinks: systemEndpoints,
  targetLinks: targetEndpoints,
  tokenLinks: tokenEndpoints,
  userLinks: userEndpoints,
  versionLinks: versionEndpoints,
  webhookLinks: webhookEndpoints,
};

describe("endpoint links", () => {
  it("cover every group they export", () => {
    expect(Object.keys(links).sort()).toEqual(Object.keys(specs).sort());
  });

  it.each(Object.keys(specs))("%s match their specs, one for one", (group) => {
    const copy = (links as unknown as Record<string, Record<string, unknown>>)[group];
    const expected = Object.fromEntries(
      Object.entries(specs[group]).map(([name, s]) => [
        name,
        { method: s.method, path: s.path, tag: s.tag },
      ]),
    );
    expect(copy).toEqual(expected);
  });

  it("are all in the OpenAPI document", () => {
    const documented = new Set(endpoints.allEndpoints.map((e) => `${e.method} ${e.path}`));
    for (const group of Object.values(links) as unknown as Record<string, links.Link>[])
      for (const l of Object.values(group)) expect(documented).toContain(`${l.method} ${l.path}`);
  });
});
