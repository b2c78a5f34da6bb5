import { readFileSync } from "node:fs";
import path from "node:path";
import type { Endpoint } from "@/lib/http/endpoint";

// The JSON request examples of a markdown document, so tests can hold them to the API: each is
// a ```json block right after a line `<!-- example: METHOD /api/v1/path -->`. The Vitest test
// parses them with the routes' schemas; the Playwright spec sends them to a real server.

export interface DocExample {
  method: string;
  /** The path as written, placeholders (`{id}`, `{slug}`, `{target}`) and all. */
  path: string;
  /** The block's text, placeholders and all. */
  json: string;
  /** 1-based line of the tag, for messages. */
  line: number;
}

const TAG = /^<!--\s*example:\s*(GET|POST|PUT|PATCH|DELETE)\s+(\/\S+)\s*-->\s*$/;
const FENCE_OPEN = /^```json\s*$/;

/**
 * Every tagged example of `markdown`, in document order. A tag without a ```json block right
 * under it, or a ```json block without a tag, throws: a request example the tests cannot see
 * is exactly what they exist to prevent.
 */
export function docExamples(markdown: string): DocExample[] {
  const lines = markdown.split("\n").map((l) => l.trim());
  /** The next line after `i` that is not blank (Prettier puts a blank line after the tag). */
  const next = (i: number) => {
    let j = i + 1;
    while (j < lines.length && lines[j] === "") j++;
    return j;
  };
  const tagged = new Set<number>();
  const out: DocExample[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^<!--\s*example/.test(lines[i])) continue;
    const tag = TAG.exec(lines[i]);
    if (!tag) throw new Error(`line ${i + 1}: malformed example tag "${lines[i]}"`);
    const open = next(i);
    if (!FENCE_OPEN.test(lines[open] ?? ""))
      throw new Error(`line ${i + 1}: an example tag not followed by a json block`);
    const end = lines.findIndex((l, j) => j > open && l === "```");
    if (end < 0) throw new Error(`line ${i + 1}: the json block is not closed`);
    tagged.add(open);
    out.push({
      method: tag[1],
      path: tag[2],
      json: lines.slice(open + 1, end).join("\n"),
      line: i + 1,
    });
  }
  const untagged = lines.findIndex((l, i) => FENCE_OPEN.test(l) && !tagged.has(i));
  if (untagged >= 0)
    throw new Error(`line ${untagged + 1}: a json block without an example tag before it`);
  return out;
}

/** The examples of a document of this repository (a path from its root, e.g. docs/monitoring.md). */
export function docExamplesOf(file: string): DocExample[] {
  return docExamples(readFileSync(path.join(process.cwd(), file), "utf8"));
}

/** `{name}` replaced by `values[name]` wherever it appears (an unknown placeholder stays). */
export function fill(text: string, values: Record<string, string>): string {
  return text.replace(/\{(\w+)\}/g, (all, name: string) => values[name] ?? all);
}

/** The endpoint of the API an example is sent to, by method and path template. */
export function endpointOf(example: DocExample, endpoints: Endpoint[]): Endpoint | undefined {
  const path = example.path.split("?")[0];
  return endpoints.find((e) => {
    if (e.method !== example.method) return false;
    const pattern = e.path.replace(/\{\w+\}/g, "[^/]+");
    return new RegExp(`^${pattern}$`).test(path);
  });
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const isNanos = (key: string) => key.endsWith("UnixNano");

/** Every record time in `value`: `ts` strings and OTLP `…UnixNano` fields, in milliseconds. */
function recordTimes(value: unknown, key = ""): number[] {
  if (Array.isArray(value)) return value.flatMap((v) => recordTimes(v));
  if (value && typeof value === "object")
    return Object.entries(value).flatMap(([k, v]) => recordTimes(v, k));
  if (key === "ts" && typeof value === "string" && ISO_TIME.test(value)) return [Date.parse(value)];
  if (isNanos(key) && (typeof value === "string" || typeof value === "number"))
    return [Number(BigInt(value) / 1_000_000n)];
  return [];
}

function shift(value: unknown, by: number, key = ""): unknown {
  if (Array.isArray(value)) return value.map((v) => shift(v, by));
  if (value && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shift(v, by, k)]));
  if (key === "ts" && typeof value === "string" && ISO_TIME.test(value))
    return new Date(Date.parse(value) + by).toISOString();
  if (isNanos(key) && (typeof value === "string" || typeof value === "number"))
    return String(BigInt(value) + BigInt(by) * 1_000_000n);
  return value;
}

/**
 * The body with its record times moved so the newest is a second before `now`, spacing kept:
 * the examples carry real times, which the API refuses once they are older than the
 * retention (90 days by default), and a test must not start failing with the calendar.
 */
export function toPresent(body: unknown, now = Date.now()): unknown {
  const times = recordTimes(body);
  if (times.length === 0) return body;
  return shift(body, now - 1_000 - Math.max(...times));
}
