import { createHash } from "node:crypto";
import { driftEndpoints } from "@/lib/endpoints/drift";
import { env } from "@/lib/env";
import { unsupportedMediaType, validationFailed, zodIssues } from "@/lib/errors";
import { parseJsonBody } from "@/lib/json-body";
import { MAX_JSON_CONTAINERS, readRawBody, route } from "@/lib/http/route";
import { featureTypes, referenceUpload } from "@/lib/schemas/drift";
import { actorOf } from "@/lib/services/audit";
import { getReference, parseReferenceCsv, putReference } from "@/lib/services/reference";
import type { FeatureType } from "@/lib/stats/drift";

// GET /api/v1/models/{slug}/versions/{n}/reference – the stored profile
export const GET = route(driftEndpoints.getReference, async ({ params }) =>
  getReference(params.slug, params.n),
);

/** `?types=a:categorical,b:numerical` for CSV uploads. */
function typesFromQuery(raw: string | null): Record<string, FeatureType> | undefined {
  if (!raw) return undefined;
  const out: Record<string, FeatureType> = {};
  const errors: { path: string; message: string }[] = [];
  for (const part of raw.split(",")) {
    const [name, type] = part.split(":");
    if (!name || !(featureTypes as readonly string[]).includes(type))
      errors.push({
        path: "query.types",
        message: `"${part}" is not feature:numerical or feature:categorical`,
      });
    else out[name] = type as FeatureType;
  }
  if (errors.length) throw validationFailed(errors);
  return out;
}

// PUT /api/v1/models/{slug}/versions/{n}/reference – JSON rows or CSV, profiled and stored
export const PUT = route(driftEndpoints.putReference, async ({ req, principal, params }) => {
  const type = req.headers.get("content-type") ?? "";
  const limit = env().REFERENCE_BODY_LIMIT_BYTES;
  const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");
  if (/^text\/csv\b/i.test(type)) {
    const types = typesFromQuery(req.nextUrl.searchParams.get("types"));
    const body = await readRawBody(req, limit);
    const rows = parseReferenceCsv(body.toString("utf8"));
    return putReference(actorOf(principal), { ...params, digest: sha256(body) }, { rows, types });
  }
  if (!/^application\/([a-z.+-]*\+)?json\b/i.test(type)) {
    throw unsupportedMediaType("Send the reference data as application/json or text/csv.");
  }
  const body = await readRawBody(req, limit);
  const raw = await parseJsonBody(body, {
    maxContainers: MAX_JSON_CONTAINERS,
    what: `the limit is ${MAX_JSON_CONTAINERS}`,
  });
  const parsed = referenceUpload.safeParse(raw);
  if (!parsed.success) throw validationFailed(zodIssues(parsed.error, ""));
  return putReference(actorOf(principal), { ...params, digest: sha256(body) }, parsed.data);
});
