import { performance } from "node:perf_hooks";

export function summarize(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { p50: q(0.5), p95: q(0.95), max: s[s.length - 1] };
}

export function line(label: string, samples: number[], note = "") {
  const { p50, p95, max } = summarize(samples);
  console.log(
    `${label.padEnd(52)} p50 ${p50.toFixed(1).padStart(6)} ms  p95 ${p95.toFixed(1).padStart(6)} ms  max ${max.toFixed(1).padStart(6)} ms  (${samples.length} runs)${note}`,
  );
}

/** "  goal p95 <= 50 ms: met" (or NOT met), to print beside a figure. */
export function goal(samples: number[], p95Ms: number) {
  const { p95 } = summarize(samples);
  return `  goal p95 <= ${p95Ms} ms: ${p95 <= p95Ms ? "met" : "NOT met"}`;
}

export async function time(label: string, fn: () => Promise<unknown>, runs = 30) {
  await fn(); // warm up
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  line(label, samples);
  return samples;
}
