import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import {
  type APIRequestContext,
  expect,
  request as playwrightRequest,
  test,
} from "@playwright/test";
import { alertEndpoints } from "@/lib/endpoints/alerts";
import { rolloutEndpoints } from "@/lib/endpoints/rollouts";
import { auditEndpoints } from "@/lib/endpoints/audit";
import { monitoringEndpoints } from "@/lib/endpoints/monitoring";
import { deploymentEndpoints } from "@/lib/endpoints/promotions";
import { tokenEndpoints } from "@/lib/endpoints/tokens";
import { userEndpoints } from "@/lib/endpoints/users";
import { type EndpointLike, parsed, problemOf } from "../support/api";
import { DEMO_PASSWORD, bearer, unique } from "../support/fixtures";
import { rscNavigation, signedInContext } from "../support/session";

// Access control tried as an attacker would: every dashboard page is requested as a
// client-side navigation (a React Server Component request that tells Next the dashboard
// layout is already mounted, so the layout's own check does not run). Without a session no
// page may return data; as a viewer the admin-only pages return nothing either.

type Sample = {
  model: string;
  version: number;
  target: string;
  deployment: string;
  prediction: string;
  alert: string;
  rollout: string;
};

/** Every page under app/(dashboard), as a route pattern such as /models/[slug]. */
function dashboardPages(): string[] {
  const root = path.join("app", "(dashboard)");
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name === "page.tsx")
        out.push("/" + path.relative(root, dir).split(path.sep).join("/"));
    }
  };
  walk(root);
  return out.map((p) => (p === "/" ? "/" : p.replace(/\/$/, "")));
}

/** A concrete URL for each page pattern, built from real demo data. */
function urlFor(pattern: string, s: Sample): string {
  const url: Record<string, string> = {
    "/models": "/models",
    "/models/[slug]": `/models/${s.model}`,
    "/models/[slug]/versions/[n]": `/models/${s.model}/versions/${s.version}?tab=promotions`,
    "/models/[slug]/compare": `/models/${s.model}/compare?versions=1,${s.version}`,
    "/models/[slug]/targets/[target]": `/models/${s.model}/targets/${s.target}`,
    "/targets": "/targets",
    "/targets/[slug]": `/targets/${s.target}`,
    "/promotions": "/promotions?view=all",
    "/monitoring": "/monitoring",
    "/deployments": "/deployments",
    "/deployments/[id]": `/deployments/${s.deployment}`,
    "/deployments/[id]/drift": `/deployments/${s.deployment}/drift`,
    "/deployments/[id]/predictions/[predictionId]": `/deployments/${s.deployment}/predictions/${s.prediction}`,
    "/alerts": "/alerts",
    "/alerts/[id]": `/alerts/${s.alert}`,
    "/alerts/rules": "/alerts/rules",
    "/rollouts/[id]": `/rollouts/${s.rollout}`,
    "/audit": "/audit",
    "/settings": "/settings",
    "/settings/account": "/settings/account",
    "/settings/tokens": "/settings/tokens",
    "/settings/users": "/settings/users",
    "/settings/webhooks": "/settings/webhooks",
    "/settings/checklist": "/settings/checklist",
    "/docs/api": "/docs/api",
  };
  const u = url[pattern];
  if (!u)
    throw new Error(
      `No sample URL for the dashboard page ${pattern}: add one to e2e/api/access.spec.ts`,
    );
  return u;
}

async function sample(request: APIRequestContext): Promise<{ s: Sample; secrets: string[] }> {
  const get = async <E extends EndpointLike>(p: string, endpoint: E) => {
    const r = await request.get(p, { headers: bearer("admin") });
    expect(r.status(), p).toBe(200);
    return parsed(r, endpoint);
  };
  const deployments = (
    await get("/api/v1/deployments?status=active&limit=50", deploymentEndpoints.list)
  ).items;
  let prediction = "";
  let d = deployments[0];
  for (const candidate of deployments) {
    const preds = (
      await get(
        `/api/v1/deployments/${candidate.id}/predictions?limit=1`,
        monitoringEndpoints.listPredictions,
      )
    ).items;
    if (preds.length) {
      prediction = String(preds[0].id);
      d = candidate;
      break;
    }
  }
  expect(prediction, "the demo has logged predictions").not.toBe("");
  const alerts = (await get("/api/v1/alerts?limit=1", alertEndpoints.list)).items;
  expect(alerts.length, "the demo has an alert").toBeGreaterThan(0);
  const rollouts = (await get("/api/v1/rollouts?limit=1", rolloutEndpoints.list)).items;
  expect(rollouts.length, "the demo has a canary rollout").toBeGreaterThan(0);
  const users = (await get("/api/v1/users", userEndpoints.list)).items;
  return {
    s: {
      model: d.model,
      version: d.version,
      target: d.target,
      deployment: d.id,
      prediction,
      alert: alerts[0].id,
      rollout: rollouts[0].id,
    },
    // What must never reach someone who may not see it.
    secrets: [d.modelName, d.targetName, ...users.map((u: { email: string }) => u.email)],
  };
}

/** The response sends the visitor to /login (HTTP redirect or the RSC payload's redirect). */
function redirectsToLogin(status: number, location: string | undefined, body: string) {
  if (status >= 300 && status < 400)
    return Boolean(location && new URL(location, "http://x").pathname === "/login");
  return /NEXT_REDIRECT[^"]*\/login/.test(body);
}

test.describe("every page authorizes itself", () => {
  test("GET every dashboard page as an RSC navigation with no session – no data comes back", async ({
    request,
    baseURL,
  }) => {
    // More than twenty pages, each rendered for the first time since the server started.
    test.setTimeout(120_000);
    const { s, secrets } = await sample(request);
    const anonymous = await playwrightRequest.newContext({ baseURL });
    const pages = dashboardPages();
    expect(pages.length).toBeGreaterThanOrEqual(20);
    for (const pattern of pages) {
      const url = urlFor(pattern, s);
      const res = await rscNavigation(anonymous, url);
      const body = await res.text();
      for (const secret of secrets)
        expect(body, `${url} leaks "${secret}" without a session`).not.toContain(secret);
      expect(
        redirectsToLogin(res.status(), res.headers()["location"], body),
        `${url} sends the visitor to sign in`,
      ).toBe(true);
    }
    await anonymous.dispose();
  });

  test("GET admin-only pages as an RSC navigation as a viewer – nothing an admin sees comes back", async ({
    request,
    baseURL,
  }) => {
    const { s } = await sample(request);
    // A webhook URL and another user's email: admin-only data.
    const hook = `https://hooks.example.com/${unique("secret-hook")}`;
    const created = await request.post("/api/v1/webhooks", {
      headers: bearer("admin"),
      data: { url: hook, events: ["promotion.approved"] },
    });
    expect(created.status()).toBe(201);
    const users = (
      await parsed(
        await request.get("/api/v1/users", { headers: bearer("admin") }),
        userEndpoints.list,
      )
    ).items;
    const others = users
      .map((u: { email: string }) => u.email)
      .filter((e: string) => e !== "viewer@modelgate.dev");
    const adminTokens = (
      await parsed(
        await request.get("/api/v1/tokens?all=true", { headers: bearer("admin") }),
        tokenEndpoints.list,
      )
    ).items;

    const viewer = await signedInContext(baseURL!, "viewer@modelgate.dev", DEMO_PASSWORD);
    for (const page of ["/settings/users", "/settings/webhooks", "/settings/checklist"]) {
      const res = await rscNavigation(viewer, page);
      const body = await res.text();
      expect(body, `${page} shows a webhook URL to a viewer`).not.toContain(hook);
      for (const email of others)
        expect(body, `${page} shows ${email} to a viewer`).not.toContain(email);
      expect(body, `${page} answers a viewer with the 404 page`).toMatch(
        /NEXT_HTTP_ERROR_FALLBACK;404|NEXT_NOT_FOUND|not-found/,
      );
    }
    // The tokens page is everyone's own: a viewer sees their own tokens, never anyone else's.
    const tokens = await (await rscNavigation(viewer, "/settings/tokens")).text();
    for (const t of adminTokens.filter(
      (t: { name: string }) => t.name.startsWith("e2e-") && t.name !== "e2e-viewer",
    ))
      expect(tokens).not.toContain(t.name);
    for (const email of others) expect(tokens).not.toContain(email);
    // The audit page: entries about webhooks and users carry no data for a viewer.
    const audit = await (await rscNavigation(viewer, "/audit?entity=webhook")).text();
    expect(audit).not.toContain(hook);
    expect(s.model).toBeTruthy();
    await viewer.dispose();
  });
});

test.describe("the audit log shows only what the reader may see", () => {
  test("GET /api/v1/audit – webhook URLs, emails and token names are for admins only (JSON and CSV)", async ({
    request,
  }) => {
    const hook = `https://hooks.example.com/${unique("audit-hook")}`;
    const created = await request.post("/api/v1/webhooks", {
      headers: bearer("admin"),
      data: { url: hook, events: ["deployment.activated"] },
    });
    expect(created.status()).toBe(201);
    const id = (await created.json()).id as string;

    const asAdmin = await parsed(
      await request.get(`/api/v1/audit?entity=webhook:${id}`, { headers: bearer("admin") }),
      auditEndpoints.list,
    );
    expect(asAdmin.items[0]).toMatchObject({
      entityType: "webhook",
      entityId: id,
      redacted: false,
    });
    expect(JSON.stringify(asAdmin.items[0].after)).toContain(hook);

    for (const role of ["viewer", "editor", "approver"] as const) {
      const res = await request.get(`/api/v1/audit?entity=webhook:${id}`, {
        headers: bearer(role),
      });
      expect(res.status()).toBe(200);
      const page = await parsed(res, auditEndpoints.list);
      expect(page.items[0]).toMatchObject({
        action: "webhook.create",
        entityId: id,
        redacted: true,
        before: null,
        after: null,
      });
      expect(JSON.stringify(page)).not.toContain(hook);
      const users = await parsed(
        await request.get("/api/v1/audit?entity=user&limit=100", { headers: bearer(role) }),
        auditEndpoints.list,
      );
      for (const e of users.items)
        expect(e).toMatchObject({ redacted: true, before: null, after: null });
      const csv = await (
        await request.get(`/api/v1/audit?entity=webhook:${id}&format=csv`, {
          headers: bearer(role),
        })
      ).text();
      expect(csv).toContain("webhook.create");
      expect(csv).not.toContain(hook);
    }
    // Token names (e2e-admin, …) appear as the actor's token for admins only.
    const byToken = await parsed(
      await request.get(`/api/v1/audit?entity=webhook:${id}`, { headers: bearer("viewer") }),
      auditEndpoints.list,
    );
    expect(byToken.items[0].actor.token).toBe("API token");
  });
});

test.describe("sessions end when they should", () => {
  async function newUser(request: APIRequestContext, role = "editor") {
    const email = `${unique("sess")}@example.com`;
    const password = "first-password-1";
    const res = await request.post("/api/v1/users", {
      headers: bearer("admin"),
      data: { email, name: "Session Person", role, password },
    });
    expect(res.status()).toBe(201);
    return { id: (await parsed(res, userEndpoints.create)).id, email, password };
  }

  for (const [what, change] of [
    ["an admin's password reset", { password: "reset-by-admin-2" }],
    ["a role change", { role: "viewer" }],
    ["disabling the account", { disabled: true }],
  ] as const) {
    test(`PATCH /api/v1/users/{id} – ${what} ends the user's existing sessions`, async ({
      request,
      baseURL,
    }) => {
      const u = await newUser(request);
      const session = await signedInContext(baseURL!, u.email, u.password);
      const patched = await request.patch(`/api/v1/users/${u.id}`, {
        headers: bearer("admin"),
        data: change,
      });
      expect(patched.status()).toBe(200);
      expect((await session.get("/api/v1/me")).status()).toBe(401);
      const page = await session.get("/models", { maxRedirects: 0 });
      expect(page.status()).toBe(307);
      expect(page.headers()["location"]).toMatch(/\/login/);
      await session.dispose();
    });
  }

  test("POST /api/v1/me/password – needs the current password, then ends every session of the user", async ({
    request,
    baseURL,
  }) => {
    const u = await newUser(request);
    const a = await signedInContext(baseURL!, u.email, u.password);
    const b = await signedInContext(baseURL!, u.email, u.password);
    const wrong = await a.post("/api/v1/me/password", {
      headers: { Origin: baseURL! },
      data: { currentPassword: "not-it-at-all", newPassword: "second-password-2" },
    });
    expect(wrong.status()).toBe(400);
    expect((await problemOf(wrong, 400)).errors).toEqual([
      { path: "currentPassword", message: "is not your current password" },
    ]);
    const ok = await a.post("/api/v1/me/password", {
      headers: { Origin: baseURL! },
      data: { currentPassword: u.password, newPassword: "second-password-2" },
    });
    expect(ok.status()).toBe(204);
    expect((await a.get("/api/v1/me")).status()).toBe(401);
    expect((await b.get("/api/v1/me")).status()).toBe(401);
    const again = await signedInContext(baseURL!, u.email, "second-password-2");
    expect((await again.get("/api/v1/me")).status()).toBe(200);
    for (const c of [a, b, again]) await c.dispose();
  });

  test("POST /api/v1/me/password – an API token cannot change its owner's password", async ({
    request,
  }) => {
    const res = await request.post("/api/v1/me/password", {
      headers: bearer("editor"),
      data: { currentPassword: DEMO_PASSWORD, newPassword: "never-applied-1" },
    });
    expect(res.status()).toBe(403);
  });
});
