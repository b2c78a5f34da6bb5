import { readFileSync, readdirSync } from "node:fs";
import { performance } from "node:perf_hooks";

export { mulberry32 } from "../lib/stats/random";

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

/** Resident memory (MiB) of a process and all its descendants, from /proc (Linux). */
export function rssOfTree(pid: number): number {
  const children = new Map<number, number[]>();
  const rss = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = readFileSync(`/proc/${entry}/status`, "utf8");
      const ppid = Number(/^PPid:\s+(\d+)/m.exec(status)?.[1]);
      const kb = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
      rss.set(Number(entry), kb);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // the process ended while we looked
    }
  }
  let total = 0;
  const stack = [pid];
  while (stack.length) {
    const p = stack.pop()!;
    total += rss.get(p) ?? 0;
    stack.push(...(children.get(p) ?? []));
  }
  return total / 1024;
}

/** CPU seconds (user + system) used so far by the server's process tree, every postgres process and this bench (without the server it started). */
export function cpuSeconds(serverPid: number) {
  const tick = 100; // USER_HZ on Linux
  const procs = new Map<number, { ppid: number; comm: string; cpu: number }>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const close = stat.lastIndexOf(")");
      const comm = stat.slice(stat.indexOf("(") + 1, close);
      const f = stat.slice(close + 2).split(" ");
      procs.set(Number(entry), {
        ppid: Number(f[1]),
        comm,
        cpu: (Number(f[11]) + Number(f[12])) / tick,
      });
    } catch {
      // ended meanwhile
    }
  }
  const tree = (root: number) => {
    let sum = 0;
    for (const [pid, p] of procs) {
      for (let q: number | undefined = pid; q; q = procs.get(q)?.ppid)
        if (q === root) {
          sum += p.cpu;
          break;
        }
    }
    return sum;
  };
  let postgres = 0;
  for (const p of procs.values()) if (p.comm === "postgres") postgres += p.cpu;
  const server = tree(serverPid);
  // The server is this process's child: the bench's own share is the rest of its tree.
  return { server, postgres, bench: tree(process.pid) - server };
}
