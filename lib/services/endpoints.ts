import type pg from "pg";
import { type FieldIssue, notFound } from "@/lib/errors";
import { pool } from "@/lib/pg";

// Endpoints: one model on one target, whatever version runs there. A release (a promotion or a
// rollback) creates a new deployment, but the model server behind the endpoint is the same
// service: it pushes to the endpoint, and monitoring follows the endpoint across releases.
// Data is still stored per deployment (what ran when); an endpoint's series is the union of its
// deployments', and a record pushed to the endpoint goes to the deployment that ran its version
// at its time.

export interface Release {
  deploymentId: string;
  version: number;
  status: string;
  activatedAt: Date;
  endedAt: Date | null;
  rollback: boolean;
}

export interface Endpoint {
  modelId: string;
  model: string;
  modelName: string;
  targetId: string;
  target: string;
  targetName: string;
  environment: string;
  /** Every activation on the endpoint, oldest first. */
  releases: Release[];
  /** Every deployment of the model on the target, activated or not: where its data is. */
  deploymentIds: string[];
}

type Queryable = Pick<pg.ClientBase, "query">;

async function load(
  client: Queryable,
  where: string,
  args: unknown[],
): Promise<Omit<Endpoint, "releases" | "deploymentIds"> | null> {
  const { rows } = await client.query<Omit<Endpoint, "releases" | "deploymentIds">>(
    `SELECT m.id AS "modelId", m.slug AS model, m.name AS "modelName", t.id AS "targetId",
            t.slug AS target, t.name AS "targetName", t.environment::text AS environment
     FROM models m, deployment_targets t WHERE ${where}`,
    args,
  );
  return rows[0] ?? null;
}

async function withReleases(
  client: Queryable,
  e: Omit<Endpoint, "releases" | "deploymentIds">,
): Promise<Endpoint> {
  const { rows } = await client.query<Release & { activatedAt: Date | null }>(
    `SELECT d.id AS "deploymentId", v.version, d.status::text AS status, d.activated_at AS "activatedAt",
            d.ended_at AS "endedAt", d.rollback_reason IS NOT NULL AS rollback
     FROM deployments d JOIN model_versions v ON v.id = d.version_id
     WHERE d.model_id = $1 AND d.target_id = $2
     ORDER BY d.activated_at NULLS LAST, d.created_at, d.id`,
    [e.modelId, e.targetId],
  );
  return {
    ...e,
    releases: rows.filter((r): r is Release => r.activatedAt !== null),
    deploymentIds: rows.map((r) => r.deploymentId),
  };
}

/** The endpoint of a model (slug) on a target (slug), with its releases. 404 names what is missing. */
export async function findEndpoint(
  model: string,
  target: string,
  client: Queryable = pool(),
): Promise<Endpoint> {
  const e = await load(client, "m.slug = $1 AND t.slug = $2", [model, target]);
  if (!e) {
    const { rows } = await client.query<{ model: boolean; target: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM models WHERE slug = $1) AS model,
              EXISTS (SELECT 1 FROM deployment_targets WHERE slug = $2) AS target`,
      [model, target],
    );
    throw notFound(rows[0]?.model ? `Target "${target}"` : `Model "${model}"`);
  }
  return withReleases(client, e);
}

/** The endpoint a deployment belongs to. */
export async function endpointOfDeployment(
  deploymentId: string,
  client: Queryable = pool(),
): Promise<Endpoint> {
  const e = await load(
    client,
    "(m.id, t.id) = (SELECT model_id, target_id FROM deployments WHERE id = $1)",
    [deploymentId],
  );
  if (!e) throw notFound("Deployment");
  return withReleases(client, e);
}

/** Pure: the releases running on the endpoint at time `t` (two or more during a canary). */
export function runningAt(releases: Release[], t: number): Release[] {
  return releases.filter(
    (r) => r.activatedAt.getTime() <= t && (r.endedAt === null || t < r.endedAt.getTime()),
  );
}

const when = (t: number) => new Date(t).toISOString();

/**
 * Pure: the deployment each record pushed to an endpoint belongs to, or the problem with it.
 * - Without a version: the one version running at the record's time; refused when none ran
 *   then, or when two ran (a canary: the record must say which).
 * - With a version: that version's deployment running at the time; failing that, its latest
 *   deployment activated before the time (a server still draining requests after a release
 *   reports them as what they were); refused when the version had not run there by then.
 */
export function assignReleases(
  endpoint: Pick<Endpoint, "model" | "target" | "releases">,
  records: { ts: number; version?: number }[],
  prefix: string,
): { ids: string[]; issues: FieldIssue[] } {
  const ids: string[] = new Array(records.length);
  const issues: FieldIssue[] = [];
  const where = `${endpoint.model} on ${endpoint.target}`;
  records.forEach((r, i) => {
    if (r.version === undefined) {
      const running = runningAt(endpoint.releases, r.ts);
      if (running.length === 1) ids[i] = running[0].deploymentId;
      else if (running.length === 0)
        issues.push({
          path: `${prefix}.${i}.ts`,
          message: `no version of ${where} was running at ${when(r.ts)}`,
        });
      else
        issues.push({
          path: `${prefix}.${i}.version`,
          message: `versions ${running.map((x) => x.version).join(" and ")} both run on ${endpoint.target} at ${when(r.ts)} (a canary): say which version this is`,
        });
      return;
    }
    const ofVersion = endpoint.releases.filter((x) => x.version === r.version);
    const pick =
      runningAt(ofVersion, r.ts)[0] ??
      ofVersion.filter((x) => x.activatedAt.getTime() <= r.ts).at(-1);
    if (pick) ids[i] = pick.deploymentId;
    else
      issues.push({
        path: `${prefix}.${i}.version`,
        message: ofVersion.length
          ? `version ${r.version} of ${where} was not running yet at ${when(r.ts)}`
          : `version ${r.version} has never run on ${endpoint.target}`,
      });
  });
  return { ids, issues };
}

/** The endpoint as the API shows it. */
export function serializeEndpoint(e: Endpoint, now = Date.now()) {
  return {
    model: e.model,
    modelName: e.modelName,
    target: e.target,
    targetName: e.targetName,
    environment: e.environment,
    running: runningAt(e.releases, now).map((r) => ({
      deploymentId: r.deploymentId,
      version: r.version,
    })),
    releases: e.releases.map(serializeRelease),
  };
}

export function serializeRelease(r: Release) {
  return {
    deploymentId: r.deploymentId,
    version: r.version,
    status: r.status,
    activatedAt: r.activatedAt.toISOString(),
    endedAt: r.endedAt?.toISOString() ?? null,
    rollback: r.rollback,
  };
}
