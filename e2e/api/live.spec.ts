import { type APIRequestContext, expect, test } from "@playwright/test";
import { checklistEndpoints } from "@/lib/endpoints/checklist";
import { systemEndpoints } from "@/lib/endpoints/system";
import { tokenEndpoints } from "@/lib/endpoints/tokens";
import { userEndpoints } from "@/lib/endpoints/users";
import { parsed, present } from "../support/api";
import { bearer, unique } from "../support/fixtures";

// The checklist's live stream, tried as a flaky network would: clients that leave during the
// stream's set-up must leave nothing behind, and must not silence the streams that stay.

async function viewerToken(request: APIRequestContext) {
  const email = `${unique("live")}@example.com`;
  const user = await request.post("/api/v1/users", {
    headers: bearer("admin"),
    data: { email, name: "Live viewer", role: "viewer", password: "long-enough-pw" },
  });
  expect(user.status()).toBe(201);
  const token = await request.post("/api/v1/tokens", {
    headers: bearer("admin"),
    data: {
      name: unique("live"),
      scopes: ["read"],
      userId: (await parsed(user, userEndpoints.create)).id,
    },
  });
  expect(token.status()).toBe(201);
  return { Authorization: `Bearer ${(await parsed(token, tokenEndpoints.create)).token}` };
}

/** Opens a stream and reads its text as it arrives; `close` aborts the request. */
async function openStream(url: string, headers: Record<string, string>) {
  const abort = new AbortController();
  const res = await fetch(url, { headers, signal: abort.signal });
  let text = "";
  if (res.ok && res.body) {
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    void (async () => {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        text += decoder.decode(value, { stream: true });
      }
    })().catch(() => {});
  }
  return { res, text: () => text, close: () => abort.abort() };
}

test("GET …/checklist/events – 40 clients leaving during set-up leave no stream behind, a fresh stream still gets changes, and the 21st stream of one user gets 429", async ({
  request,
  baseURL,
}) => {
  const slug = unique("live");
  expect(
    (
      await request.post("/api/v1/models", {
        headers: bearer("editor"),
        data: { slug, name: "Live" },
      })
    ).status(),
  ).toBe(201);
  expect(
    (
      await request.post(`/api/v1/models/${slug}/versions`, {
        headers: bearer("editor"),
        data: { artifactUri: `s3://b/${slug}/1` },
      })
    ).status(),
  ).toBe(201);
  const url = `${baseURL}/api/v1/models/${slug}/versions/1/checklist/events`;
  const viewer = await viewerToken(request);

  // Forty clients that give up at once or within a few milliseconds: mid-set-up.
  await Promise.allSettled(
    Array.from({ length: 40 }, async (_, i) => {
      const abort = new AbortController();
      const pending = fetch(url, { headers: viewer, signal: abort.signal });
      setTimeout(() => abort.abort(), i % 8);
      const res = await pending;
      await res.body?.cancel();
    }),
  );

  // Every slot comes back: the same user can open 20 streams, and no more.
  const open: Awaited<ReturnType<typeof openStream>>[] = [];
  try {
    // Aborted streams give their slot back as their clean-up runs: poll until all 20 open.
    await expect
      .poll(
        async () => {
          while (open.length < 20) {
            const s = await openStream(url, viewer);
            if (s.res.status !== 200) {
              s.close();
              break;
            }
            open.push(s);
          }
          return open.length;
        },
        { timeout: 15_000 },
      )
      .toBe(20);
    const extra = await fetch(url, { headers: viewer });
    expect(extra.status).toBe(429);
    expect(extra.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(extra.headers.get("content-type")).toContain("application/problem+json");

    // A change reaches a stream opened after all that.
    const fresh = open[open.length - 1];
    await expect.poll(() => fresh.text()).toContain("event: presence");
    const items = (
      await parsed(
        await request.get(`/api/v1/models/${slug}/versions/1/checklist`, {
          headers: bearer("viewer"),
        }),
        checklistEndpoints.get,
      )
    ).stages.flatMap(
      (s: { items: { id: string; evidenceRule: string | null; updatedAt: string }[] }) => s.items,
    );
    const item = present(
      items.find((i: { evidenceRule: string | null }) => !i.evidenceRule),
      "an item without an evidence rule",
    );
    const patched = await request.patch(`/api/v1/models/${slug}/versions/1/checklist/${item.id}`, {
      headers: { ...bearer("editor"), "If-Match": `"${item.updatedAt}"` },
      data: { note: "live" },
    });
    expect(patched.status()).toBe(200);
    await expect.poll(() => fresh.text(), { timeout: 10_000 }).toContain(`"itemId":"${item.id}"`);
    await expect.poll(() => open[0].text(), { timeout: 10_000 }).toContain(`"itemId":"${item.id}"`);

    const health = await parsed(await request.get("/api/health"), systemEndpoints.health);
    expect(health.realtime).toMatchObject({ connected: true });
    expect(health.realtime.streams).toBeGreaterThanOrEqual(20);
    expect(health.realtime.listeners).toBeGreaterThanOrEqual(20);
  } finally {
    for (const s of open) s.close();
  }
});
