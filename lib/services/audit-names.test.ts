import { describe, expect, it } from "vitest";
import { makeTarget, makeUser, promotableVersion } from "@/lib/testing/fixtures";
import { actorOf, listAudit } from "./audit";
import { updateTarget } from "./targets";
import { updateUser } from "./users";

describe("audit log names (PostgreSQL)", () => {
  it("names each entity and links to it, for a page of events", async () => {
    const admin = await makeUser("admin");
    const { slug, n, versionId, modelId } = await promotableVersion();
    const target = await makeTarget("staging", 1);
    await updateTarget(admin, target.slug, { name: "Renamed for the audit test" });

    const model = await listAudit(admin, { entity: `model:${modelId}`, limit: 5 });
    expect(model.items[0]).toMatchObject({
      entityName: `Promotable ${slug}`,
      entityHref: `/models/${slug}`,
    });
    const version = await listAudit(admin, { entity: `model_version:${versionId}`, limit: 5 });
    expect(version.items[0]).toMatchObject({
      entityName: `Promotable ${slug} v${n}`,
      entityHref: `/models/${slug}/versions/${n}`,
    });
    const edited = await listAudit(admin, { entity: `deployment_target:${target.id}`, limit: 5 });
    expect(edited.items[0]).toMatchObject({
      entityName: "Renamed for the audit test",
      entityHref: `/targets/${target.slug}`,
    });
  });

  it("does not name people and credentials for readers who are not admins", async () => {
    const admin = await makeUser("admin");
    const viewer = await makeUser("viewer");
    const entity = `user:${viewer.user.id}`;
    await updateUser(actorOf(admin), viewer.user.id, { role: "editor" });
    expect((await listAudit(admin, { entity, limit: 5 })).items[0].entityName).toBe(
      viewer.user.name,
    );
    const seen = (await listAudit(viewer, { entity, limit: 5 })).items[0];
    expect(seen.entityName).toBeUndefined();
    expect(seen.redacted).toBe(true);
  });
});
