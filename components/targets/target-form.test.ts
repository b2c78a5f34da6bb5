import { describe, expect, it } from "vitest";
import {
  createTargetForm,
  editTargetForm,
  emptyTargetValues,
  targetFormsFor,
  valuesOf,
} from "./target-form";

// The target form's delivery section, read through the API's own schema: what the inputs
// hold becomes the API's delivery, and the API's refusals land on the fields.

const filled = { ...emptyTargetValues, slug: "gke-staging", name: "GKE", provider: "gcp" };

describe("target form: delivery", () => {
  it("sends record only by default", () => {
    expect(createTargetForm.parse(filled).delivery).toEqual({ kind: "record" });
  });

  it("sends gitops settings, blanks as the defaults and no credentials variable as null", () => {
    const parsed = createTargetForm.parse({
      ...filled,
      delivery: {
        ...emptyTargetValues.delivery,
        kind: "gitops",
        repoUrl: " git@github.com:acme/deploy.git ",
        branch: "",
        namespace: "",
      },
    });
    expect(parsed.delivery).toEqual({
      kind: "gitops",
      repoUrl: "git@github.com:acme/deploy.git",
      branch: "main",
      path: "models/{target}/{model}.yaml",
      format: "kserve",
      namespace: "default",
      credentialsEnv: null,
    });
  });

  it("puts each refusal on its field", () => {
    const result = createTargetForm.safeParse({
      ...filled,
      delivery: {
        ...emptyTargetValues.delivery,
        kind: "gitops",
        repoUrl: "file:///srv/deploy.git",
        credentialsEnv: "ghp_secret",
      },
    });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.path.join("."))).toEqual([
      "delivery.repoUrl",
      "delivery.credentialsEnv",
    ]);
  });

  it("accepts a local repository only where the server allows local ones", () => {
    const editable = ({ slug: _, ...rest }: typeof local) => rest;
    const local = {
      ...filled,
      delivery: {
        ...emptyTargetValues.delivery,
        kind: "gitops",
        repoUrl: "file:///srv/deploy.git",
      },
    } as const;
    expect(targetFormsFor({ allowLocal: false }).create.safeParse(local).success).toBe(false);
    expect(targetFormsFor({ allowLocal: true }).create.parse(local).delivery).toMatchObject({
      repoUrl: "file:///srv/deploy.git",
    });
    expect(targetFormsFor({ allowLocal: true }).edit.parse(editable(local)).delivery).toMatchObject(
      { kind: "gitops" },
    );
    // Still no credentials in a URL, wherever the repository is.
    const withToken = {
      ...local,
      delivery: { ...local.delivery, repoUrl: "https://u:t@h.io/r.git" },
    };
    expect(targetFormsFor({ allowLocal: true }).create.safeParse(withToken).success).toBe(false);
  });

  it("shows a target's settings as they are, and sends them back unchanged", () => {
    const delivery = {
      kind: "gitops" as const,
      repoUrl: "https://github.com/acme/deploy.git",
      branch: "deploy/prod",
      path: "clusters/{target}/{model}.yaml",
      format: "kubernetes" as const,
      namespace: "ml",
      credentialsEnv: "DEPLOY_TOKEN",
      credentialsPresent: true,
    };
    const values = valuesOf({
      ...filled,
      id: "t1",
      slug: "gke",
      description: "",
      kind: "cloud",
      region: null,
      environment: "staging",
      endpoint: null,
      hardware: { cpuCores: null, memoryMb: null, gpu: null },
      scaling: { minReplicas: 1, maxReplicas: 2 },
      complianceTags: [],
      requiredApprovals: 0,
      delivery,
      archived: false,
      active: [],
      createdAt: "2026-11-30T00:00:00Z",
      updatedAt: "2026-11-30T00:00:00Z",
    });
    const { credentialsPresent: _, ...sent } = delivery;
    expect(editTargetForm.parse(values).delivery).toEqual(sent);
  });
});
