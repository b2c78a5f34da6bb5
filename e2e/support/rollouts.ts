import { type APIRequestContext, expect } from "@playwright/test";
import { gitSandbox } from "@/lib/testing/git-repos";
import { bearer } from "./fixtures";
import { createTarget, requestApproved } from "./promotions";

// Building blocks for delivery and canary tests: a real bare Git repository the server pushes
// to (the suite's server runs with MODELGATE_GITOPS_ALLOW_LOCAL=1), and traffic pushed as
// predictions, which give both the latency and the error series a canary is judged on.

export function bareRepo() {
  const sandbox = gitSandbox("mg-e2e-repo");
  const { dir, url } = sandbox.bareRepo();
  const run = (...args: string[]) => sandbox.git(["--git-dir", dir, ...args]);
  return {
    url,
    /** Commit subjects on main, oldest first (empty while the branch does not exist). */
    subjects(): string[] {
      try {
        return run("log", "--reverse", "--format=%s", "main").trim().split("\n").filter(Boolean);
      } catch {
        return [];
      }
    },
    /** Full messages on main, newest first. */
    messages(): string[] {
      try {
        return run("log", "--format=%B%x00", "main")
          .split("\0")
          .map((m) => m.trim())
          .filter(Boolean);
      } catch {
        return [];
      }
    },
    show: (file: string, rev = "main") => run("show", `${rev}:${file}`),
  };
}

/** A production gitops target (admins set delivery) pointing at `repoUrl`, KServe manifests. */
export async function createGitopsTarget(request: APIRequestContext, repoUrl: string) {
  const target = await createTarget(request, "production", 1, 8192, {
    delivery: { kind: "gitops", repoUrl, branch: "main", format: "kserve", namespace: "models" },
  });
  return { slug: target.slug, name: target.name };
}

/**
 * Request a canary of v2 of `slug` on `target` (v1 running there) with `plan`, and approve it:
 * the rollout's id and the canary deployment's.
 */
export async function startCanary(
  request: APIRequestContext,
  { slug, target, plan }: { slug: string; target: string; plan: Record<string, unknown> },
) {
  const body = await requestApproved(request, slug, 2, {
    target,
    reason: "v2 as a canary",
    rollout: plan,
  });
  expect(body.rolloutId).toBeTruthy();
  return { rolloutId: body.rolloutId!, canaryId: body.deploymentId! };
}

/**
 * `n` predictions on a deployment, now: latencies spread ±30 % around `median` ms, and one in
 * `1 / errorShare` failed (0: none).
 */
export async function pushTraffic(
  request: APIRequestContext,
  deploymentId: string,
  { n, median, errorShare = 0 }: { n: number; median: number; errorShare?: number },
) {
  const records = Array.from({ length: n }, (_, i) => ({
    features: { x: i % 7 },
    prediction: i % 2,
    latencyMs: Math.round(median * (0.7 + (0.6 * ((i * 37) % n)) / n) * 10) / 10,
    ...(errorShare > 0 && i % Math.round(1 / errorShare) === 0 ? { error: "timeout" } : {}),
  }));
  const res = await request.post(`/api/v1/deployments/${deploymentId}/predictions`, {
    headers: bearer("editor"),
    data: { records },
  });
  expect(res.status(), await res.text()).toBe(202);
}

export async function rolloutOf(request: APIRequestContext, id: string) {
  const res = await request.get(`/api/v1/rollouts/${id}`, { headers: bearer("viewer") });
  expect(res.status()).toBe(200);
  return (await res.json()) as {
    state: string;
    stepIndex: number;
    canaryId: string;
    stableId: string;
    verdicts: {
      step: number;
      outcome: string;
      checks: { name: string; outcome: string; pValue: number | null }[];
    }[];
  };
}

export async function deliveryOf(request: APIRequestContext, deploymentId: string) {
  const res = await request.get(`/api/v1/deployments/${deploymentId}`, {
    headers: bearer("viewer"),
  });
  expect(res.status()).toBe(200);
  return ((await res.json()) as { delivery: { state: string; commit: string | null } | null })
    .delivery;
}
