import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { problemOf } from "../support/api";
import { bearer, unique } from "../support/fixtures";

// Webhooks never reach inside the network. The suite's server allows 127.0.0.1 only
// (WEBHOOK_ALLOWED_HOSTS in playwright.config.ts) for the receivers other specs run; every
// other internal address, in every spelling, is refused when the webhook is written.

const admin = { headers: bearer("admin") };

const internal = [
  "http://localhost:8080/",
  "http://127.0.0.2/",
  "http://2130706434/",
  "http://0x7f000002/",
  "http://0177.0.0.2/",
  "http://127.2/",
  "http://[::1]/",
  "http://[::ffff:127.0.0.1]/",
  "http://[::ffff:7f00:1]/",
  "http://169.254.169.254/latest/meta-data/",
  "http://0xa9fea9fe/",
  "http://10.0.0.5/",
  "http://172.16.3.4/",
  "http://192.168.0.1/",
  "http://100.64.0.1/",
  "http://0.0.0.0/",
  "http://0/",
  "http://224.0.0.1/",
  "http://[fe80::1]/",
  "http://[fd00::1]/",
  "http://[ff02::1]/",
  "http://[::]/",
];

test("POST /api/v1/webhooks – refuses internal addresses in every spelling, naming url, creating nothing", async ({
  request,
}) => {
  for (const url of internal) {
    const res = await request.post("/api/v1/webhooks", {
      ...admin,
      data: { url, events: ["deployment.activated"] },
    });
    expect(res.status(), url).toBe(400);
    expect(res.headers()["content-type"]).toContain("application/problem+json");
    const body = await problemOf(res, 400);
    expect(body.errors, url).toEqual([
      {
        path: "url",
        message: expect.stringMatching(/address; webhooks reach only public addresses/),
      },
    ]);
  }
  const list = (await (await request.get("/api/v1/webhooks", admin)).json()) as {
    items: { url: string }[];
  };
  expect(list.items.filter((h) => internal.includes(h.url))).toEqual([]);
});

test("POST /api/v1/webhooks – lists every invalid field at once, the internal url among them", async ({
  request,
}) => {
  const res = await request.post("/api/v1/webhooks", {
    ...admin,
    data: { url: "http://169.254.169.254/", events: [] },
  });
  expect(res.status()).toBe(400);
  const paths = (await problemOf(res, 400)).errors?.map((e) => e.path).sort();
  expect(paths).toEqual(["events", "url"]);
});

test("PATCH /api/v1/webhooks/{id} – a public webhook cannot be pointed inside the network", async ({
  request,
}) => {
  const url = `https://hooks.example.com/${unique("ssrf")}`;
  const created = await request.post("/api/v1/webhooks", {
    ...admin,
    data: { url, events: ["deployment.activated"] },
  });
  expect(created.status()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  try {
    const res = await request.patch(`/api/v1/webhooks/${id}`, {
      ...admin,
      data: { url: "http://0x7f000002:5432/" },
    });
    expect(res.status()).toBe(400);
    expect((await problemOf(res, 400)).errors?.map((e) => e.path)).toEqual(["url"]);
    const list = (await (await request.get("/api/v1/webhooks", admin)).json()) as {
      items: { id: string; url: string }[];
    };
    expect(list.items.find((h) => h.id === id)?.url).toBe(url);
  } finally {
    await request.delete(`/api/v1/webhooks/${id}`, admin);
  }
});

test("POST /api/v1/webhooks/{id}/test – an allowed receiver gets the delivery; one that answers forever costs 64 KB", async ({
  request,
}) => {
  test.setTimeout(60_000);
  let sent = 0;
  const server = createServer((_req, res) => {
    res.writeHead(200);
    const chunk = Buffer.alloc(16_384, "z");
    const pump = () => {
      while (!res.destroyed && res.write(chunk)) sent += chunk.length;
      if (!res.destroyed) res.once("drain", pump);
    };
    pump();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/${unique("endless")}`;
  const created = await request.post("/api/v1/webhooks", {
    ...admin,
    data: { url, events: ["deployment.activated"] },
  });
  expect(created.status()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  try {
    expect((await request.post(`/api/v1/webhooks/${id}/test`, admin)).status()).toBeLessThan(300);
    await expect
      .poll(
        async () =>
          (
            (await (await request.get(`/api/v1/webhooks/${id}/deliveries`, admin)).json()) as {
              items: { status: string }[];
            }
          ).items[0]?.status,
        { timeout: 45_000 },
      )
      .toBe("succeeded");
    const [d] = (
      (await (await request.get(`/api/v1/webhooks/${id}/deliveries`, admin)).json()) as {
        items: { responseStatus: number; error: string | null }[];
      }
    ).items;
    expect(d).toMatchObject({ responseStatus: 200, error: null });
    expect(sent).toBeLessThan(64 * 1024 * 1024);
  } finally {
    await request.delete(`/api/v1/webhooks/${id}`, admin);
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  }
});
