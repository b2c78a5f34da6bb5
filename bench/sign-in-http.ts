import { performance } from "node:perf_hooks";
import { summarize } from "./lib";

// Against a running server (BENCH_URL, e.g. http://127.0.0.1:3000): 40 sign-ins at once
// (distinct unknown emails, so every one costs a full bcrypt check at the server's cost)
// while /api/health is asked every 20 ms. Prints the slowest health answer: how long any
// other request waited behind the sign-ins. Run: BENCH_URL=… npx tsx bench/sign-in-http.ts

const base = process.env.BENCH_URL ?? "http://127.0.0.1:3000";
const PARALLEL = Number(process.env.BENCH_SIGNINS ?? 40);

async function main() {
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const cookie = csrf.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const signIn = (email: string) =>
    fetch(`${base}/api/auth/callback/credentials`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", cookie },
      body: new URLSearchParams({ csrfToken, email, password: "a guess", json: "true" }),
    }).then((r) => r.text());

  const health = async () => {
    const t = performance.now();
    await (await fetch(`${base}/api/health`)).text();
    return performance.now() - t;
  };
  const idle: number[] = [];
  for (let i = 0; i < 20; i++) idle.push(await health());

  let running = true;
  const during: number[] = [];
  const probe = (async () => {
    while (running) {
      during.push(await health());
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  const started = performance.now();
  const run = Date.now().toString(36);
  await Promise.all(
    Array.from({ length: PARALLEL }, (_, i) => signIn(`bench-${run}-${i}@example.com`)),
  );
  const elapsed = performance.now() - started;
  running = false;
  await probe;
  const show = (xs: number[]) => {
    const { p50, p95, max } = summarize(xs);
    return `p50 ${p50.toFixed(0)} ms, p95 ${p95.toFixed(0)} ms, max ${max.toFixed(0)} ms (${xs.length} probes)`;
  };
  console.log(`${PARALLEL} parallel sign-ins: ${elapsed.toFixed(0)} ms in all`);
  console.log(`/api/health idle: ${show(idle)}`);
  console.log(`/api/health during the sign-ins: ${show(during)}`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
