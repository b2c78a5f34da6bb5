import { request as httpRequest } from "node:http";
import { gzipSync } from "node:zlib";
import { type Browser, chromium } from "@playwright/test";
import pg from "pg";
import { provisionTestDb } from "../scripts/lib/test-db";
import { startServer } from "./server";

// `npm run bench -- pages`: first-load JavaScript of the main pages on the production build
// (`next start`, built first if `.next/BUILD_ID` is missing), over the demo data, signed in as
// the demo admin. Each page opens in a fresh browser context (cold cache); every script
// response is summed at its gzip size as the server sends it (`Accept-Encoding: gzip`; bodies
// the server does not compress are gzipped here at level 6, and the line says so).
//
// "first load" = the scripts the page's HTML names (<script src>, modulepreload/preload) — what
// the browser needs before the page is interactive. "+ lazy" = scripts fetched afterwards
// (next/dynamic chunks such as the chart library), until the network is idle.
// Goals (issue 17): /models <= 200 KB, chart pages <= 250 KB; figures, never assertions.

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const TOP = Number(process.env.BENCH_TOP ?? 4);

interface Script {
  url: string;
  gzip: number;
  raw: number;
  compressed: boolean;
  initial: boolean;
  contains: string[];
}

// Strings that survive minification and say which library a chunk carries.
const MARKERS: [string, RegExp][] = [
  ["react-dom", /__reactContainer|react-dom|ReactDOM/],
  ["next runtime", /__next_f|next-router-state-tree|__NEXT_DATA__|nextjs/],
  ["recharts", /recharts-/],
  ["d3", /d3-|curveMonotone|scaleLinear/],
  ["zod", /ZodError|_zod|\$ZodType/],
  ["react-query", /QueryClient|queryCache|staleTime/],
  ["react-hook-form", /useFormContext|RHF|shouldUnregister/],
  ["next-auth", /next-auth|__NEXTAUTH|csrfToken/],
  ["radix", /radix|data-radix|DismissableLayer/],
  ["lucide", /lucide/],
  ["tailwind-merge", /twMerge|tailwind-merge|cn-group/],
  ["markdown", /micromark|mdast|remark|rehype/],
  ["next-themes", /next-themes|data-theme|prefers-color-scheme/],
];

function label(body: string) {
  return MARKERS.filter(([, re]) => re.test(body)).map(([name]) => name);
}

/** The body as the server sends it to a browser asking for gzip. */
function gzipSize(url: string): Promise<{ gzip: number; raw: number; compressed: boolean }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers: { "Accept-Encoding": "gzip" } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const body = Buffer.concat(chunks);
        if (res.headers["content-encoding"] === "gzip")
          resolve({ gzip: body.length, raw: -1, compressed: true });
        else
          resolve({
            gzip: gzipSync(body, { level: 6 }).length,
            raw: body.length,
            compressed: false,
          });
      });
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

async function demoIds(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // The active deployment with the most metric points: its charts draw.
    const { rows } = await client.query<{ id: string; slug: string }>(
      `SELECT d.id, m.slug FROM deployments d JOIN models m ON m.id = d.model_id
       WHERE d.status = 'active'
       ORDER BY (SELECT count(*) FROM metric_points p WHERE p.deployment_id = d.id) DESC LIMIT 1`,
    );
    if (!rows[0]) throw new Error("the demo seeded no active deployment");
    return rows[0];
  } finally {
    await client.end();
  }
}

interface PageSpec {
  path: string;
  goal: number | null;
  signedIn: boolean;
}

async function measure(browser: Browser, base: string, page: PageSpec, state: unknown) {
  const context = await browser.newContext({
    baseURL: base,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    storageState: page.signedIn ? (state as any) : undefined,
  });
  const tab = await context.newPage();
  const urls: string[] = [];
  tab.on("request", (r) => {
    if (r.resourceType() === "script" && !urls.includes(r.url())) urls.push(r.url());
  });
  const res = await tab.goto(page.path, { waitUntil: "networkidle" });
  if (!res || res.status() >= 400) throw new Error(`${page.path}: HTTP ${res?.status()}`);
  if (page.signedIn && new URL(tab.url()).pathname === "/login")
    throw new Error(`${page.path}: redirected to sign-in`);
  const html = await res.text();
  const scripts: Script[] = [];
  for (const url of urls) {
    const u = new URL(url);
    if (u.origin !== new URL(base).origin) continue;
    const size = await gzipSize(url);
    const body = await (await fetch(url)).text();
    scripts.push({
      url: u.pathname,
      ...size,
      raw: body.length,
      initial: html.includes(u.pathname),
      contains: label(body),
    });
  }
  await context.close();
  return scripts;
}

const kb = (bytes: number) => (bytes / 1024).toFixed(1);

export async function main() {
  const testDb = await provisionTestDb((s) => console.log(s));
  process.env.DATABASE_URL = testDb.url;
  process.env.MODELGATE_DEMO = "1";
  let stop: (() => Promise<void>) | null = null;
  let browser: Browser | null = null;
  try {
    const { seedDemo } = await import("../prisma/seed");
    await seedDemo(() => {});
    const { db } = await import("../lib/db");
    await db.$disconnect();
    const { id, slug } = await demoIds(testDb.url);
    const server = await startServer(testDb.url, { MODELGATE_JOBS: "off", BCRYPT_COST: "4" });
    stop = server.stop;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"],
    });

    // Sign in once; every measured page gets the session cookie in a fresh context.
    const ctx = await browser.newContext({ baseURL: server.base });
    const tab = await ctx.newPage();
    await tab.goto("/login", { waitUntil: "networkidle" });
    await tab.getByLabel("Email").fill("admin@modelgate.dev");
    await tab.getByLabel("Password").fill("modelgate-demo");
    await tab.getByRole("button", { name: "Sign in", exact: true }).click();
    await tab.waitForURL(/\/models$/);
    const state = await ctx.storageState();
    await ctx.close();

    const pages: PageSpec[] = [
      { path: "/login", goal: null, signedIn: false },
      { path: "/models", goal: 200, signedIn: true },
      { path: `/models/${slug}`, goal: null, signedIn: true },
      { path: `/deployments/${id}`, goal: 250, signedIn: true },
      { path: "/monitoring", goal: 250, signedIn: true },
      { path: `/deployments/${id}/drift`, goal: 250, signedIn: true },
      { path: "/alerts", goal: null, signedIn: true },
    ];
    const results: [PageSpec, Script[]][] = [];
    for (const p of pages) results.push([p, await measure(browser, server.base, p, state)]);

    const all = results.flatMap(([, s]) => s);
    const sentGzip = all.filter((s) => s.compressed).length;
    console.log(
      `\nFirst-load JavaScript, gzip, cold cache: ${sentGzip} of ${all.length} script responses measured as next start sent them gzipped; ${all.length - sentGzip} were sent plain (next start leaves bodies under 1 KB uncompressed) and are counted gzipped here at level 6.`,
    );
    for (const [p, scripts] of results) {
      const initial = scripts.filter((s) => s.initial);
      const lazy = scripts.filter((s) => !s.initial);
      const first = initial.reduce((a, s) => a + s.gzip, 0);
      const later = lazy.reduce((a, s) => a + s.gzip, 0);
      const verdict =
        p.goal === null
          ? ""
          : `goal <= ${p.goal} KB  ${first / 1024 <= p.goal ? "met" : "NOT met"}`;
      console.log(
        `${p.path.padEnd(48)} ${kb(first).padStart(6)} KB in ${String(initial.length).padStart(2)} scripts  + lazy ${kb(later).padStart(6)} KB in ${lazy.length}  ${verdict}`,
      );
    }
    console.log(`\nLargest chunks per page (gzip KB, what they carry as far as markers tell):`);
    for (const [p, scripts] of results) {
      console.log(p.path);
      for (const s of [...scripts].sort((a, b) => b.gzip - a.gzip).slice(0, TOP))
        console.log(
          `  ${kb(s.gzip).padStart(6)} ${s.initial ? "first" : "lazy "} ${s.url.replace("/_next/static/chunks/", "")}  ${s.contains.join(", ")}`,
        );
    }
  } finally {
    await browser?.close();
    await stop?.();
    const { pool } = await import("../lib/pg");
    await pool()
      .end()
      .catch(() => {});
    await testDb.drop();
  }
}
