import { z } from "zod";
import { IMAGE_MAX_LENGTH, imageReferenceProblem } from "@/lib/oci";
import { finite, id, slug, timestamp } from "./common";
import { versionStage } from "./models";

// Versions: what a pipeline registers, and what a version page shows.

const allowedSchemes = ["s3", "gs", "azureml", "hf", "https", "http"] as const;

// Whether file:// artifact URIs are accepted is the installation's choice (ALLOW_FILE_ARTIFACTS).
// Only the server may read it (env() is server-only, and this module also runs in browsers),
// so it is a parameter here: `allowFile`, false unless the server passes its setting.

/** Schemes accepted for artifact URIs; `file` only where the installation allows it. */
export function artifactSchemes(allowFile = false): string[] {
  return allowFile ? [...allowedSchemes, "file"] : [...allowedSchemes];
}

/** Why an artifact URI is refused, or null when it is fine. Pure, so forms can use it too. */
export function artifactUriProblem(raw: string, allowFile = false): string | null {
  const schemes = artifactSchemes(allowFile);
  if (/[\u0000-\u001f\u007f\s]/.test(raw))
    return "must not contain whitespace or control characters";
  if (raw.includes("#")) return "must not contain a fragment (#)";
  if (raw.includes("\\")) return "must not contain backslashes";
  const match = /^([a-z][a-z0-9+.-]*):\/\//i.exec(raw);
  if (!match) return `must be a URI such as s3://bucket/path (schemes: ${schemes.join(", ")})`;
  const scheme = match[1].toLowerCase();
  if (!schemes.includes(scheme))
    return `scheme "${scheme}" is not allowed (use ${schemes.join(", ")})`;
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    return "has a malformed percent-encoding";
  }
  if (/[\u0000-\u001f\u007f]/.test(decoded)) return "must not contain encoded control characters";
  const rest = decoded.slice(match[0].length);
  if (rest.split(/[/?]/).some((seg) => seg === ".." || seg === "."))
    return "must not contain . or .. path segments";
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "is not a valid URI";
  }
  if (url.username || url.password) return "must not carry credentials";
  if (scheme !== "file" && !url.host) return "must name a bucket, registry or host";
  if (scheme !== "file" && (url.pathname === "" || url.pathname === "/"))
    return "must name a path to the artifact";
  return null;
}

const artifactUriOf = (allowFile: boolean) =>
  z
    .string()
    .min(1, "is required")
    .max(2048)
    .superRefine((v, ctx) => {
      const problem = artifactUriProblem(v, allowFile);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    })
    .meta({ example: "s3://ml-artifacts/churn/7/model.onnx" });

const image = z
  .string()
  .max(IMAGE_MAX_LENGTH, { error: `must be at most ${IMAGE_MAX_LENGTH} characters`, abort: true })
  .superRefine((v, ctx) => {
    const problem = imageReferenceProblem(v);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  })
  .meta({
    description:
      "OCI image of the serving container: registry/repository[:tag][@sha256:<64 hex>]. With a digest, repository@digest is what gets deployed.",
    example: "ghcr.io/acme/churn-server:1.4",
  });

const metricName = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z][A-Za-z0-9_.@-]*$/, "letters, digits, _ . @ - and starting with a letter");

export const evalMetrics = z
  .record(metricName, finite)
  .refine((m) => Object.keys(m).length <= 100, "at most 100 metrics")
  .meta({ id: "EvalMetrics", example: { accuracy: 0.91, f1: 0.88 } });

export const optimizationTechniques = [
  "pruning",
  "quantization",
  "distillation",
  "compilation",
  "other",
] as const;

export const optimization = z
  .object({
    technique: z.enum(optimizationTechniques),
    sizeBytesBefore: z.number().int().nonnegative().optional(),
    sizeBytesAfter: z.number().int().nonnegative().optional(),
    latencyMsBefore: finite.nonnegative().optional(),
    latencyMsAfter: finite.nonnegative().optional(),
    accuracyBefore: finite.optional(),
    accuracyAfter: finite.optional(),
    notes: z.string().max(2000).optional(),
  })
  .strict()
  .meta({ id: "Optimization" });

const gitCommit = z
  .string()
  .regex(/^[0-9a-f]{7,64}$/i, "must be a hex commit id (7–64 characters)");
const sha256 = z
  .string()
  .regex(/^[0-9a-fA-F]{64}$/, "must be 64 hexadecimal characters")
  .transform((v) => v.toLowerCase());
const httpUrl = z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).max(2048);

const versionCreateOf = (allowFile: boolean) =>
  z
    .object({
      artifactUri: artifactUriOf(allowFile),
      image: image.optional(),
      format: z.string().trim().min(1).max(40).optional(),
      sizeBytes: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).optional(),
      sha256: sha256.optional(),
      gitCommit: gitCommit.optional(),
      trainingData: z.string().trim().min(1).max(1000).optional(),
      runUrl: httpUrl.optional(),
      params: z.record(z.string().max(128), z.unknown()).optional(),
      evalMetrics: evalMetrics.optional(),
      optimization: optimization.optional(),
      modelCard: z.string().max(100_000).optional(),
      retrainingRequestId: id.optional().meta({
        description:
          "The open retraining request this version answers; registering it closes the request.",
      }),
    })
    .strict();

/** What a pipeline registers, as forms and the API document see it (without file://). */
export const versionCreate = versionCreateOf(false).meta({ id: "VersionCreate" });

let versionCreateWithFile: ReturnType<typeof versionCreateOf> | undefined;

/** versionCreate under the server's ALLOW_FILE_ARTIFACTS: what the API parses with. */
export function versionCreateFor({ allowFile }: { allowFile: boolean }) {
  return allowFile ? (versionCreateWithFile ??= versionCreateOf(true)) : versionCreate;
}

/**
 * The artifact's identity (URI, size, checksum) is fixed at registration; the rest, the serving
 * image included, may change until the version is approved or running.
 */
export const versionUpdate = z
  .object({
    image: image.nullable().optional(),
    format: z.string().trim().min(1).max(40).nullable().optional(),
    gitCommit: gitCommit.nullable().optional(),
    trainingData: z.string().trim().min(1).max(1000).nullable().optional(),
    runUrl: httpUrl.nullable().optional(),
    params: z.record(z.string().max(128), z.unknown()).nullable().optional(),
    evalMetrics: evalMetrics.optional().meta({
      description: "Merged into the version's metrics: new names added, same names replaced.",
    }),
    optimization: optimization.nullable().optional(),
    modelCard: z.string().max(100_000).nullable().optional(),
    stage: z
      .literal("archived")
      .optional()
      .meta({ description: "Retire the version. Other stages change through promotions." }),
  })
  .strict()
  .refine((v) => Object.keys(v).length > 0, "send at least one field")
  .meta({ id: "VersionUpdate" });

export const versionParams = z.object({
  slug,
  n: z.coerce.number().int().positive().max(1_000_000).meta({ description: "Version number." }),
});

export const versionListQuery = z
  .object({
    stage: versionStage.optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    cursor: z.string().max(512).optional(),
  })
  .strict();

export const requirementCheck = z
  .object({
    name: z.string(),
    rule: z.string(),
    target: z.number(),
    actual: z.number().nullable(),
    passed: z.boolean(),
  })
  .meta({ id: "RequirementCheck" });

export const version = z
  .object({
    id,
    model: slug,
    version: z.number().int(),
    artifactUri: z.string(),
    image: z.string().nullable(),
    format: z.string().nullable(),
    sizeBytes: z.number().nullable(),
    sha256: z.string().nullable(),
    gitCommit: z.string().nullable(),
    trainingData: z.string().nullable(),
    runUrl: z.string().nullable(),
    params: z.record(z.string(), z.unknown()).nullable(),
    evalMetrics: z.record(z.string(), z.number()),
    optimization: optimization.nullable(),
    modelCard: z.string().nullable(),
    stage: versionStage,
    createdBy: z.object({ id, email: z.string(), name: z.string() }).nullable(),
    retrainingRequestId: z
      .string()
      .nullable()
      .meta({ description: "The retraining request this version was registered for." }),
    checklist: z.object({ done: z.number().int(), total: z.number().int() }),
    requirementChecks: z.array(requirementCheck),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: "Version" });

export const compareQuery = z
  .object({
    versions: z
      .string()
      .regex(/^\d+(,\d+)*$/, "a comma-separated list of version numbers, e.g. 1,2,3")
      .transform((s) => s.split(",").map(Number))
      .refine((v) => v.length >= 2 && v.length <= 4, "compare two to four versions")
      .refine((v) => new Set(v).size === v.length, "each version once"),
  })
  .strict();

export const comparison = z
  .object({
    model: slug,
    versions: z.array(version),
    metrics: z.array(
      z.object({
        name: z.string(),
        values: z.array(
          z.object({
            version: z.number().int(),
            value: z.number().nullable(),
            delta: z.number().nullable(),
            deltaPct: z.number().nullable(),
          }),
        ),
      }),
    ),
  })
  .meta({ id: "Comparison" });

export type VersionDto = z.input<typeof version>;
export type ComparisonDto = z.input<typeof comparison>;
export type VersionCreate = z.infer<typeof versionCreate>;
export type VersionUpdate = z.infer<typeof versionUpdate>;
