import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  type ManifestInput,
  ManifestError,
  pinnedImage,
  renderManifest,
  resourceName,
  splitReplicas,
  validateResources,
} from "./manifest";

const digest = `sha256:${"4f".repeat(32)}`;

const base: ManifestInput = {
  format: "kserve",
  namespace: "ml-prod",
  model: { slug: "churn-classifier", name: "Churn classifier", taskType: "classification" },
  target: { slug: "gke-prod-eu" },
  version: {
    version: 7,
    artifactUri: "s3://ml-artifacts/churn/7/model.onnx",
    format: "onnx",
    image: `ghcr.io/acme/churn-server:7@${digest}`,
  },
  deploymentId: "cm4dep0000007",
  promotionId: "cm4pro0000007",
  resources: { cpuCores: 1.5, memoryMb: 4096, gpu: "1x NVIDIA T4", minReplicas: 3, maxReplicas: 6 },
};

const stable = {
  version: 6,
  artifactUri: "s3://ml-artifacts/churn/6/model.onnx",
  format: "onnx",
  image: "ghcr.io/acme/churn-server:6",
  deploymentId: "cm4dep0000006",
};

const golden = (name: string) =>
  readFileSync(new URL(`./fixtures/${name}.yaml`, import.meta.url), "utf8");

describe("renderManifest", () => {
  it.each([
    ["kserve", base],
    ["kserve-canary", { ...base, canaryTrafficPercent: 20 }],
    [
      "kserve-custom-container",
      { ...base, version: { ...base.version, format: null }, resources: undefined },
    ],
    ["kubernetes", { ...base, format: "kubernetes" }],
    ["kubernetes-canary", { ...base, format: "kubernetes", canaryTrafficPercent: 25, stable }],
  ] as [string, ManifestInput][])("renders %s exactly as the golden file", (name, input) => {
    expect(renderManifest(input)).toBe(golden(name));
  });

  it("gives the same bytes for the same input, however its objects were built", () => {
    const reordered: ManifestInput = {
      resources: {
        maxReplicas: 6,
        minReplicas: 3,
        gpu: "1x NVIDIA T4",
        memoryMb: 4096,
        cpuCores: 1.5,
      },
      promotionId: base.promotionId,
      deploymentId: base.deploymentId,
      version: {
        image: base.version.image,
        format: "onnx",
        artifactUri: base.version.artifactUri,
        version: 7,
      },
      target: { slug: "gke-prod-eu" },
      model: { taskType: "classification", name: "Churn classifier", slug: "churn-classifier" },
      namespace: "ml-prod",
      format: "kserve",
    };
    const first = renderManifest(base);
    expect(renderManifest(base)).toBe(first);
    expect(renderManifest(reordered)).toBe(first);
  });

  it("deploys the digest rather than the tag when the reference carries one", () => {
    expect(pinnedImage(`ghcr.io/acme/churn:7@${digest}`)).toBe(`ghcr.io/acme/churn@${digest}`);
    // A registry port is not a tag.
    expect(pinnedImage(`localhost:5000/churn:7@${digest}`)).toBe(`localhost:5000/churn@${digest}`);
    expect(pinnedImage(`localhost:5000/churn@${digest}`)).toBe(`localhost:5000/churn@${digest}`);
    expect(pinnedImage("ghcr.io/acme/churn:7")).toBe("ghcr.io/acme/churn:7");
    const yaml = renderManifest({ ...base, format: "kubernetes" });
    expect(yaml).toContain(`image: ghcr.io/acme/churn-server@${digest}\n`);
    expect(yaml).not.toContain("churn-server:7");
  });

  it("splits a canary's replicas by its share, at least one each", () => {
    expect(splitReplicas(1, 10)).toEqual({ stable: 1, canary: 1 });
    expect(splitReplicas(10, 10)).toEqual({ stable: 9, canary: 1 });
    expect(splitReplicas(4, 50)).toEqual({ stable: 2, canary: 2 });
    expect(splitReplicas(4, 99)).toEqual({ stable: 1, canary: 3 });
    const yaml = renderManifest({
      ...base,
      format: "kubernetes",
      canaryTrafficPercent: 50,
      stable,
    });
    expect(yaml.match(/^kind: Deployment$/gm)).toHaveLength(2);
    expect(yaml).toContain('modelgate.io/traffic-percent: "50"');
  });

  it("puts the canary's share at spec.predictor.canaryTrafficPercent for KServe", () => {
    expect(renderManifest({ ...base, canaryTrafficPercent: 5 })).toMatch(
      /^ {4}canaryTrafficPercent: 5$/m,
    );
    expect(renderManifest(base)).not.toContain("canaryTrafficPercent");
    for (const p of [0, 100, 12.5])
      expect(() => renderManifest({ ...base, canaryTrafficPercent: p })).toThrowError(
        ManifestError,
      );
  });

  it("refuses a Kubernetes deployment of a version without an image", () => {
    const input: ManifestInput = {
      ...base,
      format: "kubernetes",
      version: { ...base.version, version: 3, image: null },
    };
    expect(() => renderManifest(input)).toThrowError(
      new ManifestError("version 3 has no image: a Kubernetes Deployment needs one"),
    );
    expect(() =>
      renderManifest({
        ...base,
        format: "kubernetes",
        canaryTrafficPercent: 10,
        stable: { ...stable, image: null },
      }),
    ).toThrowError(/version 6 has no image/);
  });

  it("names resources as DNS-1035 labels of at most 63 characters, long slugs kept apart", () => {
    expect(resourceName("churn")).toBe("churn");
    expect(resourceName("3d-detector")).toBe("m-3d-detector");
    const a = resourceName(`${"a".repeat(60)}-one`, "-canary");
    const b = resourceName(`${"a".repeat(60)}-two`, "-canary");
    expect(a).toHaveLength(63);
    expect(a).toMatch(/^[a-z]([-a-z0-9]*[a-z0-9])?$/);
    expect(a).not.toBe(b);
  });

  it("refuses a resource its schema refuses, with the validator's message", () => {
    expect(() => renderManifest({ ...base, namespace: "ML_Prod" })).toThrowError(
      /InferenceService churn-classifier is invalid: \/metadata\/namespace must match pattern/,
    );
    const broken = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "churn", labels: { "modelgate.io/version": 7 } },
      spec: {
        replicas: "two",
        selector: {},
        template: { spec: { containers: [{ name: "m", imagePullPolice: "Always" }] } },
      },
    };
    expect(() => validateResources([broken])).toThrowError(ManifestError);
    try {
      validateResources([broken]);
    } catch (e) {
      const message = (e as Error).message;
      expect(message).toContain("/metadata/labels/modelgate.io~1version must be string");
      expect(message).toContain("/spec/replicas must be integer");
      expect(message).toContain(
        "/spec/template/spec/containers/0 must NOT have additional properties",
      );
    }
    expect(() => validateResources([{ apiVersion: "v1", kind: "ConfigMap" }])).toThrowError(
      /no schema for kind ConfigMap/,
    );
  });
});
