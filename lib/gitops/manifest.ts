import { createHash } from "node:crypto";
import { Ajv, type ValidateFunction } from "ajv";
import { stringify } from "yaml";
import deploymentSchema from "./schemas/deployment.json";
import inferenceServiceSchema from "./schemas/inferenceservice.json";
import serviceSchema from "./schemas/service.json";

// The Kubernetes manifests a gitops target's repository receives. Pure: the same input gives
// the same bytes, so a retried delivery commits exactly what was rendered when the deployment
// changed, and an unchanged deployment renders an unchanged file. Every resource is checked
// against the (trimmed) schema of its kind before anything is committed: a manifest the
// cluster would refuse is a failed delivery here, with the validator's message, not a sync
// error in Argo CD an hour later.

export type ManifestFormat = "kserve" | "kubernetes";

export interface ManifestVersion {
  version: number;
  artifactUri: string;
  /** The model's format ("sklearn", "onnx", …); null when the version did not say. */
  format: string | null;
  /** OCI reference of the serving container; null when the version has none. */
  image: string | null;
}

export interface ManifestInput {
  format: ManifestFormat;
  namespace: string;
  model: { slug: string; name: string; taskType?: string };
  target: { slug: string };
  version: ManifestVersion;
  deploymentId: string;
  promotionId: string | null;
  /** During a canary: the share of traffic (1–99) the new version gets. */
  canaryTrafficPercent?: number;
  /** The stable deployment a kubernetes-format canary runs beside. */
  stable?: ManifestVersion & { deploymentId: string };
  resources?: {
    cpuCores: number | null;
    memoryMb: number | null;
    gpu: string | null;
    minReplicas: number;
    maxReplicas: number;
  };
}

/** The input cannot become a manifest the cluster accepts; retrying will not change that. */
export class ManifestError extends Error {
  override name = "ManifestError";
}

type Doc = Record<string, unknown>;

const MANAGED_BY = "modelgate";
const HEADER =
  " Written by Modelgate for every deployment to this target: edits here are replaced by the next one.";

/** Names are DNS-1035 labels (KServe and Services demand a leading letter), at most 63 characters. */
export function resourceName(slug: string, suffix = ""): string {
  const base = /^[a-z]/.test(slug) ? slug : `m-${slug}`;
  if (base.length + suffix.length <= 63) return base + suffix;
  // Too long: cut, and keep names of long slugs apart with a hash of the whole slug.
  const hash = createHash("sha256").update(slug).digest("hex").slice(0, 8);
  const room = 63 - suffix.length - hash.length - 1;
  return `${base.slice(0, room).replace(/-+$/, "")}-${hash}${suffix}`;
}

/** `repo:tag@sha256:…` becomes `repo@sha256:…`: the digest is what runs, the tag only a hint. */
export function pinnedImage(ref: string): string {
  const at = ref.indexOf("@");
  if (at < 0) return ref;
  const name = ref.slice(0, at);
  const lastSlash = name.lastIndexOf("/");
  const colon = name.indexOf(":", lastSlash + 1);
  return `${colon < 0 ? name : name.slice(0, colon)}${ref.slice(at)}`;
}

/** Cores as a Kubernetes quantity: whole cores as "2", fractions in millicores ("500m"). */
function cpuQuantity(cores: number): string {
  return Number.isInteger(cores) ? String(cores) : `${Math.max(1, Math.round(cores * 1000))}m`;
}

/**
 * A target's GPU is free text ("1x NVIDIA T4", "2 x AMD MI250"): the count is the leading
 * number (1 without one), the resource AMD's when the text names AMD, NVIDIA's otherwise.
 */
function gpuLimit(gpu: string): Record<string, string> {
  const count = /^\s*(\d+)\s*x\b/i.exec(gpu)?.[1] ?? "1";
  return { [/\bamd\b/i.test(gpu) ? "amd.com/gpu" : "nvidia.com/gpu"]: count };
}

/** Requests from the target's hardware; memory and GPUs also as limits (they cannot be shared). */
function resourcesOf(r: ManifestInput["resources"]): Doc | undefined {
  if (!r) return undefined;
  const requests: Record<string, string> = {};
  const limits: Record<string, string> = {};
  if (r.cpuCores) requests.cpu = cpuQuantity(r.cpuCores);
  if (r.memoryMb) requests.memory = limits.memory = `${r.memoryMb}Mi`;
  if (r.gpu?.trim()) Object.assign(limits, gpuLimit(r.gpu));
  if (!Object.keys(requests).length && !Object.keys(limits).length) return undefined;
  return compact({
    requests: Object.keys(requests).length ? requests : undefined,
    limits: Object.keys(limits).length ? limits : undefined,
  });
}

/** Drop undefined members, so optional fields leave no `null` behind and key order stays fixed. */
function compact(doc: Doc): Doc {
  return Object.fromEntries(Object.entries(doc).filter(([, v]) => v !== undefined));
}

function labelsOf(input: ManifestInput): Record<string, string> {
  return {
    "app.kubernetes.io/managed-by": MANAGED_BY,
    "modelgate.io/model": input.model.slug,
    "modelgate.io/target": input.target.slug,
  };
}

function annotationsOf(
  v: ManifestVersion,
  deploymentId: string,
  promotionId: string | null,
  extra: Record<string, string | undefined> = {},
): Record<string, string> {
  return compact({
    "modelgate.io/version": String(v.version),
    "modelgate.io/deployment-id": deploymentId,
    "modelgate.io/promotion-id": promotionId ?? undefined,
    ...extra,
  }) as Record<string, string>;
}

function inferenceService(input: ManifestInput): Doc {
  const v = input.version;
  const resources = resourcesOf(input.resources);
  // With a model format KServe picks the serving runtime; the image only travels as a note.
  // Without one, only a custom container can serve it: KServe downloads STORAGE_URI for it.
  let predictorModel: Doc;
  if (v.format) {
    predictorModel = {
      model: compact({ modelFormat: { name: v.format }, storageUri: v.artifactUri, resources }),
    };
  } else {
    if (!v.image)
      throw new ManifestError(
        `version ${v.version} has neither a model format nor an image: KServe cannot serve it`,
      );
    predictorModel = {
      containers: [
        compact({
          name: "kserve-container",
          image: pinnedImage(v.image),
          env: [{ name: "STORAGE_URI", value: v.artifactUri }],
          resources,
        }),
      ],
    };
  }
  return {
    apiVersion: "serving.kserve.io/v1beta1",
    kind: "InferenceService",
    metadata: {
      name: resourceName(input.model.slug),
      namespace: input.namespace,
      labels: labelsOf(input),
      annotations: annotationsOf(v, input.deploymentId, input.promotionId, {
        "modelgate.io/image": v.format && v.image ? pinnedImage(v.image) : undefined,
        "modelgate.io/task-type": input.model.taskType,
      }),
    },
    spec: {
      predictor: compact({
        minReplicas: input.resources?.minReplicas,
        maxReplicas: input.resources?.maxReplicas,
        canaryTrafficPercent: input.canaryTrafficPercent,
        ...predictorModel,
      }),
    },
  };
}

const HTTP_PORT = 8080;

interface Track {
  track: "stable" | "canary";
  version: ManifestVersion;
  deploymentId: string;
  promotionId: string | null;
  replicas: number;
  trafficPercent?: number;
}

/** One track of a plain Deployment: the stable one, or the canary beside it. */
function deployment(input: ManifestInput, t: Track): Doc {
  const { track, version: v, replicas, trafficPercent } = t;
  if (!v.image)
    throw new ManifestError(`version ${v.version} has no image: a Kubernetes Deployment needs one`);
  const app = resourceName(input.model.slug);
  // The selector is immutable once applied, so it names only what never changes: the app and
  // the track. The version lives in the pod template's labels, where it may change.
  const selector = { "app.kubernetes.io/name": app, "modelgate.io/track": track };
  // The share of traffic is the Deployment's, not its pods': a canary step that changes it
  // must not restart the stable pods.
  const podAnnotations = annotationsOf(v, t.deploymentId, t.promotionId);
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: {
      name: track === "canary" ? resourceName(input.model.slug, "-canary") : app,
      namespace: input.namespace,
      labels: { "app.kubernetes.io/name": app, ...labelsOf(input), "modelgate.io/track": track },
      annotations: compact({
        ...podAnnotations,
        "modelgate.io/traffic-percent":
          trafficPercent === undefined ? undefined : String(trafficPercent),
      }),
    },
    spec: {
      replicas,
      selector: { matchLabels: selector },
      template: {
        metadata: {
          labels: { ...selector, "modelgate.io/version": String(v.version) },
          annotations: podAnnotations,
        },
        spec: {
          containers: [
            compact({
              name: "model",
              image: pinnedImage(v.image),
              ports: [{ name: "http", containerPort: HTTP_PORT }],
              env: [
                { name: "MODEL_URI", value: v.artifactUri },
                ...(v.format ? [{ name: "MODEL_FORMAT", value: v.format }] : []),
              ],
              resources: resourcesOf(input.resources),
            }),
          ],
        },
      },
    },
  };
}

function service(input: ManifestInput): Doc {
  const app = resourceName(input.model.slug);
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: {
      name: app,
      namespace: input.namespace,
      labels: { "app.kubernetes.io/name": app, ...labelsOf(input) },
    },
    spec: {
      // Both tracks: a plain Service shares traffic by ready pods, hence the replica split.
      selector: { "app.kubernetes.io/name": app },
      ports: [{ name: "http", port: 80, targetPort: "http" }],
    },
  };
}

/** Replicas of each track: the target's minimum (at least 1) split by the canary's share. */
export function splitReplicas(total: number, percent: number) {
  const all = Math.max(2, total);
  const canary = Math.min(all - 1, Math.max(1, Math.round((all * percent) / 100)));
  return { stable: all - canary, canary };
}

function kubernetes(input: ManifestInput): Doc[] {
  const total = Math.max(1, input.resources?.minReplicas ?? 1);
  const current = {
    version: input.version,
    deploymentId: input.deploymentId,
    promotionId: input.promotionId,
  };
  const percent = input.canaryTrafficPercent;
  if (percent === undefined) {
    return [deployment(input, { track: "stable", ...current, replicas: total }), service(input)];
  }
  if (!input.stable)
    throw new ManifestError("a Kubernetes canary needs the stable deployment it runs beside");
  const split = splitReplicas(total, percent);
  const { deploymentId, ...stable } = input.stable;
  return [
    deployment(input, {
      track: "stable",
      version: stable,
      deploymentId,
      promotionId: null,
      replicas: split.stable,
      trafficPercent: 100 - percent,
    }),
    deployment(input, {
      track: "canary",
      ...current,
      replicas: split.canary,
      trafficPercent: percent,
    }),
    service(input),
  ];
}

const ajv = new Ajv({ allErrors: true, strict: true });
const validators: Record<string, ValidateFunction> = {
  InferenceService: ajv.compile(inferenceServiceSchema),
  Deployment: ajv.compile(deploymentSchema),
  Service: ajv.compile(serviceSchema),
};

/** Check each resource against its kind's schema; throws ManifestError naming every problem. */
export function validateResources(docs: Doc[]): void {
  for (const doc of docs) {
    const kind = String(doc.kind);
    const validate = validators[kind];
    if (!validate) throw new ManifestError(`no schema for kind ${kind}`);
    const name = (doc.metadata as { name?: unknown } | undefined)?.name;
    if (!validate(doc)) {
      const problems = (validate.errors ?? []).map(
        (e) => `${e.instancePath || "/"} ${e.message ?? "is invalid"}`,
      );
      throw new ManifestError(`${kind} ${String(name)} is invalid: ${problems.join("; ")}`);
    }
  }
}

function checkInput(input: ManifestInput) {
  const p = input.canaryTrafficPercent;
  if (p !== undefined && (!Number.isInteger(p) || p < 1 || p > 99))
    throw new ManifestError(`canary traffic must be a whole percent from 1 to 99, not ${p}`);
}

/** The YAML committed for one deployment (several documents for the kubernetes format). */
export function renderManifest(input: ManifestInput): string {
  checkInput(input);
  const docs = input.format === "kserve" ? [inferenceService(input)] : kubernetes(input);
  validateResources(docs);
  // lineWidth 0: no folding, so a long URI stays on one line whatever its length; no aliases,
  // which tools that read manifests line by line (and people) trip over.
  return `#${HEADER}\n${docs.map((doc) => stringify(doc, { lineWidth: 0, aliasDuplicateObjects: false })).join("---\n")}`;
}
