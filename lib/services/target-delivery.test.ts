import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { targetBodiesFor, targetCreate, type TargetUpdate } from "@/lib/schemas/targets";
import { makeUser, refusal, uid } from "@/lib/testing/fixtures";
import { createTarget, getTarget, updateTarget } from "./targets";

// A target's delivery settings: what decides how deployments reach the cluster is policy,
// so admins set it, it is audited, and no secret is ever stored or shown.

const gitops = {
  kind: "gitops" as const,
  repoUrl: "https://github.com/acme/deploy.git",
  format: "kserve" as const,
};

/** What the API would hand the service: the body parsed, defaults filled in. */
const patch = (input: Record<string, unknown>): TargetUpdate =>
  targetBodiesFor({ allowLocal: false }).update.parse(input);

const body = (over: Record<string, unknown> = {}) => ({
  slug: uid("t"),
  name: "GKE staging",
  kind: "cloud" as const,
  provider: "gcp",
  environment: "staging" as const,
  ...over,
});

describe("target delivery settings (PostgreSQL)", () => {
  it("stores gitops settings with their defaults, and shows only the credentials variable's name", async () => {
    const admin = await makeUser("admin");
    const variable = `MGG_TEST_TOKEN_${uid("v").slice(2).toUpperCase()}`;
    const input = targetCreate.parse(body({ delivery: { ...gitops, credentialsEnv: variable } }));
    const created = await createTarget(admin, input);
    expect(created.delivery).toEqual({
      kind: "gitops",
      repoUrl: gitops.repoUrl,
      branch: "main",
      path: "models/{target}/{model}.yaml",
      format: "kserve",
      namespace: "default",
      credentialsEnv: variable,
      credentialsPresent: false,
    });
    process.env[variable] = "ghp_secret";
    expect((await getTarget(created.slug)).delivery).toMatchObject({ credentialsPresent: true });
    delete process.env[variable];
    // Record only is the default, and stored as nothing at all.
    const plain = await createTarget(admin, targetCreate.parse(body()));
    expect(plain.delivery).toEqual({ kind: "record" });
    const row = await db.deploymentTarget.findUniqueOrThrow({ where: { id: plain.id } });
    expect(row.delivery).toBeNull();
  });

  it("lets only admins change it, audited as policy; a form sent back unchanged is no change", async () => {
    const [admin, editor] = [await makeUser("admin"), await makeUser("editor")];
    const t = await createTarget(admin, targetCreate.parse(body()));
    const settings = { ...gitops, branch: "main", namespace: "ml" };

    const refused = await refusal(updateTarget(editor, t.slug, patch({ delivery: settings })));
    expect(refused.code).toBe("forbidden");
    expect(refused.message).toMatch(/delivery: they decide what reaches the cluster/);

    const after = await updateTarget(admin, t.slug, patch({ delivery: settings }));
    expect(after.delivery).toMatchObject({ kind: "gitops", namespace: "ml" });
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { entityId: t.id, action: "deployment_target.policy" },
    });
    expect(audit.before).toMatchObject({ delivery: { kind: "record" } });
    expect(audit.after).toMatchObject({ delivery: { kind: "gitops", repoUrl: gitops.repoUrl } });

    // The edit form sends every field back: the same settings, defaults spelled out or not.
    const edited = await updateTarget(
      editor,
      t.slug,
      patch({
        description: "renamed",
        delivery: { ...settings, path: "models/{target}/{model}.yaml", credentialsEnv: null },
      }),
    );
    expect(edited.description).toBe("renamed");
    expect(
      await refusal(updateTarget(editor, t.slug, patch({ delivery: { kind: "record" } }))),
    ).toMatchObject({ code: "forbidden" });
  });

  it("refuses a local repository unless the server allows local ones", async () => {
    const admin = await makeUser("admin");
    const t = await createTarget(admin, targetCreate.parse(body()));
    const local = { ...gitops, repoUrl: "file:///srv/deploy.git" };
    const parsed = targetBodiesFor({ allowLocal: true }).update.parse({ delivery: local });
    // The API parses with the server's setting; the service checks it again all the same.
    const refused = await refusal(updateTarget(admin, t.slug, parsed));
    expect(refused.options.errors).toEqual([
      {
        path: "delivery.repoUrl",
        message: expect.stringMatching(/file:\/\/ URLs and local paths are refused/),
      },
    ]);
  });
});

describe("delivery settings schema", () => {
  const issues = (delivery: unknown, allowLocal = false) => {
    const r = targetBodiesFor({ allowLocal }).update.safeParse({ delivery });
    return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
  };

  it("accepts https, ssh and scp-like repositories, and local ones only where allowed", () => {
    for (const repoUrl of [
      "https://github.com/acme/deploy.git",
      "ssh://git@github.com/acme/deploy.git",
      "git@github.com:acme/deploy.git",
    ])
      expect(issues({ ...gitops, repoUrl })).toEqual([]);
    for (const repoUrl of ["file:///srv/deploy.git", "/srv/deploy.git"]) {
      expect(issues({ ...gitops, repoUrl })).toEqual([
        expect.stringMatching(/^delivery\.repoUrl: file:\/\/ URLs and local paths are refused/),
      ]);
      expect(issues({ ...gitops, repoUrl }, true)).toEqual([]);
    }
  });

  it("refuses credentials in the URL, other schemes, bad paths, names and namespaces", () => {
    expect(issues({ ...gitops, repoUrl: "https://x:ghp_123@github.com/acme/deploy.git" })).toEqual([
      expect.stringMatching(/repoUrl: must not carry credentials/),
    ]);
    expect(issues({ ...gitops, repoUrl: "http://github.com/acme/deploy.git" })).toEqual([
      expect.stringMatching(/repoUrl: must be an https:\/\/ or ssh URL, not http/),
    ]);
    expect(issues({ ...gitops, repoUrl: "ext::sh -c touch% /tmp/pwned" })).toHaveLength(1);
    expect(issues({ ...gitops, path: "../models/{model}.yaml" })).toEqual([
      "delivery.path: must not contain empty, . or .. segments",
    ]);
    expect(issues({ ...gitops, path: "/models/{model}.yaml" })).toEqual([
      "delivery.path: must be relative to the repository (no leading /)",
    ]);
    expect(issues({ ...gitops, path: "models/{model}.json" })).toEqual([
      "delivery.path: must end in .yaml or .yml",
    ]);
    expect(issues({ ...gitops, path: "models/{version}.yaml" })).toEqual([
      "delivery.path: only {model} and {target} may be filled in, not {version}",
    ]);
    expect(issues({ ...gitops, namespace: "ML_prod" })).toEqual([
      "delivery.namespace: must be a Kubernetes namespace (DNS-1123 label)",
    ]);
    expect(issues({ ...gitops, credentialsEnv: "ghp_abc123" })).toEqual([
      expect.stringMatching(
        /^delivery\.credentialsEnv: must be the NAME of an environment variable/,
      ),
    ]);
    expect(issues({ ...gitops, branch: "-f" })).toEqual([
      "delivery.branch: must be a branch name such as main or deploy/prod",
    ]);
    expect(issues({ kind: "record", repoUrl: "x" })).toHaveLength(1);
  });
});
