import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import type { PromotionChangesDto } from "@/lib/schemas/promotions";
import { previewDelivery } from "../delivery";

// What an approval changes on its target: the request's version against the stable version
// running there now, field by field, and (for a gitops target) the manifest it would commit.

type Value = number | string | null;

interface VersionFacts {
  evalMetrics: unknown;
  sizeBytes: bigint | null;
  optimization: unknown;
  artifactUri: string;
  image: string | null;
  format: string | null;
}

const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : null);

function facts(v: VersionFacts) {
  const metrics = (v.evalMetrics ?? {}) as Record<string, unknown>;
  const opt = (v.optimization ?? {}) as Record<string, unknown>;
  return {
    metrics: Object.fromEntries(Object.entries(metrics).map(([k, x]) => [k, num(x)])),
    size: v.sizeBytes === null ? num(opt.sizeBytesAfter) : Number(v.sizeBytes),
    latency: num(opt.latencyMsAfter),
    artifact: v.artifactUri,
    image: v.image,
    format: v.format,
  };
}

/** The rows of the comparison, metrics first (sorted by name), then the rest. */
export function compareVersions(
  current: VersionFacts | null,
  proposed: VersionFacts,
): PromotionChangesDto["fields"] {
  const a = current ? facts(current) : null;
  const b = facts(proposed);
  type Kind = PromotionChangesDto["fields"][number]["kind"];
  const row = ([name, label, kind]: [string, string, Kind], x?: Value, y?: Value) => ({
    name,
    label,
    kind,
    current: x ?? null,
    proposed: y ?? null,
    changed: (x ?? null) !== (y ?? null),
  });
  const names = [...new Set([...Object.keys(a?.metrics ?? {}), ...Object.keys(b.metrics)])].sort();
  return [
    ...names.map((n) => row([n, n, "metric"], a?.metrics[n], b.metrics[n])),
    row(["sizeBytes", "size", "size"], a?.size, b.size),
    row(["latencyMs", "latency (optimization record)", "latency"], a?.latency, b.latency),
    row(["artifactUri", "artifact", "artifact"], a?.artifact, b.artifact),
    row(["image", "image", "image"], a?.image, b.image),
    row(["format", "format", "format"], a?.format, b.format),
  ];
}

const versionSelect = {
  version: true,
  evalMetrics: true,
  sizeBytes: true,
  optimization: true,
  artifactUri: true,
  image: true,
  format: true,
} as const;

export async function promotionChanges(id: string): Promise<PromotionChangesDto> {
  const p = await db.promotionRequest.findUnique({
    where: { id },
    select: {
      id: true,
      target: { select: { id: true, slug: true } },
      version: { select: { id: true, modelId: true, ...versionSelect } },
    },
  });
  if (!p) throw notFound("Promotion");
  const stable = await db.deployment.findFirst({
    where: { modelId: p.version.modelId, targetId: p.target.id, status: "active", canary: false },
    select: { id: true, version: { select: versionSelect } },
  });
  return {
    promotionId: p.id,
    target: p.target.slug,
    replaces: stable ? { version: stable.version.version, deploymentId: stable.id } : null,
    fields: compareVersions(stable?.version ?? null, p.version),
    manifest: await previewDelivery(db, p.id),
  };
}
