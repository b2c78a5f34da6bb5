import { ApiError, CliError, type Problem } from "./errors";

// A small HTTP client for /api/v1: bearer auth, problem+json errors, and retries with backoff
// on 429 and on a 409 or 503 that carries Retry-After (the server saying "the same request
// will work shortly", e.g. while another instance's claim on an Idempotency-Key is released),
// honouring Retry-After, and on 5xx / network failures for calls that are safe to repeat (GET,
// PUT, and POSTs sent with an Idempotency-Key). Retries are bounded in number and in total time.

export type Query = Record<string, string | number | boolean | undefined | null>;

export interface RequestOptions {
  query?: Query;
  /** JSON-encoded unless `rawBody` is given. */
  body?: unknown;
  rawBody?: string | Uint8Array;
  contentType?: string;
  headers?: Record<string, string>;
  /** Safe to repeat after a 5xx or a dropped connection (default: GET and PUT). */
  idempotent?: boolean;
  /** Give up waiting for one response after this long (default 120 s). */
  timeoutMs?: number;
}

export interface ClientOptions {
  maxRetries?: number;
  /** Stop retrying once this much time has passed since the first attempt (default 5 min). */
  retryBudgetMs?: number;
  /** Hook for progress displays: called before sleeping for a retry. */
  onRetry?: (info: { attempt: number; delayMs: number; reason: string }) => void;
  sleep?: (ms: number) => Promise<void>;
}

const USER_AGENT = "modelgate-cli";
const MAX_DELAY_MS = 60_000;

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Delay before retry `attempt` (1-based): exponential with jitter, or what Retry-After asks. */
export function retryDelay(
  attempt: number,
  retryAfter: string | null,
  now = Date.now(),
  jitter = Math.random(),
): number {
  if (retryAfter) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, MAX_DELAY_MS);
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.min(Math.max(0, date - now), MAX_DELAY_MS);
  }
  const base = Math.min(500 * 2 ** (attempt - 1), 16_000);
  return Math.round(base / 2 + jitter * (base / 2));
}

export class Api {
  readonly maxRetries: number;
  readonly retryBudgetMs: number;
  onRetry?: ClientOptions["onRetry"];
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    readonly baseUrl: string,
    private readonly token: string,
    options: ClientOptions = {},
  ) {
    const envRetries = Number(process.env.MODELGATE_MAX_RETRIES);
    this.maxRetries =
      options.maxRetries ?? (Number.isInteger(envRetries) && envRetries >= 0 ? envRetries : 4);
    const envBudget = Number(process.env.MODELGATE_RETRY_BUDGET_MS);
    this.retryBudgetMs =
      options.retryBudgetMs ?? (Number.isFinite(envBudget) && envBudget >= 0 ? envBudget : 300_000);
    this.onRetry = options.onRetry;
    this.sleep = options.sleep ?? sleep;
  }

  url(path: string, query?: Query): string {
    const url = new URL(path, `${this.baseUrl}/`);
    for (const [k, v] of Object.entries(query ?? {}))
      if (v !== undefined && v !== null && v !== "") url.searchParams.set(k, String(v));
    return url.toString();
  }

  get<T>(path: string, options: RequestOptions = {}) {
    return this.request<T>("GET", path, options);
  }
  post<T>(path: string, body?: unknown, options: RequestOptions = {}) {
    return this.request<T>("POST", path, { ...options, body });
  }
  put<T>(path: string, options: RequestOptions = {}) {
    return this.request<T>("PUT", path, options);
  }
  patch<T>(path: string, body: unknown, options: RequestOptions = {}) {
    return this.request<T>("PATCH", path, { ...options, body });
  }

  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const url = this.url(path, options.query);
    const idempotent = options.idempotent ?? (method === "GET" || method === "PUT");
    const headers: Record<string, string> = {
      Authorization: `Bearer ${this.token}`,
      Accept: "application/json, application/problem+json",
      "User-Agent": USER_AGENT,
      ...options.headers,
    };
    let body: string | Uint8Array<ArrayBuffer> | undefined;
    if (options.rawBody !== undefined) {
      body =
        typeof options.rawBody === "string" ? options.rawBody : new Uint8Array(options.rawBody);
      headers["Content-Type"] = options.contentType ?? "application/octet-stream";
    } else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers["Content-Type"] = options.contentType ?? "application/json";
    }

    const started = Date.now();
    let slept = 0;
    const spent = () => Math.max(Date.now() - started, slept);
    // Another try only while both the count and the time budget allow it.
    const mayRetry = (attempt: number, retryAfter: string | null) =>
      attempt <= this.maxRetries &&
      spent() + retryDelay(attempt, retryAfter, Date.now(), 0) <= this.retryBudgetMs;
    for (let attempt = 1; ; attempt++) {
      let res: Response;
      try {
        res = await fetch(url, {
          method,
          headers,
          body,
          signal: AbortSignal.timeout(options.timeoutMs ?? 120_000),
        });
      } catch (e) {
        const reason = networkReason(e);
        if (idempotent && mayRetry(attempt, null)) {
          slept += await this.wait(attempt, null, reason);
          continue;
        }
        throw new CliError(
          `Could not reach Modelgate at ${this.baseUrl} (${method} ${new URL(url).pathname}): ${reason}`,
        );
      }

      // 429, and a 409 or 503 with Retry-After, mean the request was refused before any work:
      // always safe to repeat.
      const retryAfter = res.headers.get("retry-after");
      const retryable =
        res.status === 429 ||
        ((res.status === 409 || res.status === 503) && retryAfter !== null) ||
        (idempotent && (res.status >= 500 || res.status === 408));
      if (retryable && mayRetry(attempt, retryAfter)) {
        await res.body?.cancel().catch(() => undefined);
        slept += await this.wait(attempt, retryAfter, `${res.status} ${res.statusText}`);
        continue;
      }

      const text = await res.text();
      if (!res.ok) {
        const problem = parseProblem(text, res);
        if (retryable && attempt > 1) {
          // Say that this is the last of several answers, not a first refusal.
          const gaveUp = `Gave up after ${attempt} attempts over ${Math.round(spent() / 1000)} s.`;
          problem.detail = problem.detail ? `${problem.detail} ${gaveUp}` : gaveUp;
        }
        throw new ApiError(res.status, problem, method, url);
      }
      if (!text) return undefined as T;
      try {
        return JSON.parse(text) as T;
      } catch {
        throw new CliError(
          `Modelgate answered ${method} ${new URL(url).pathname} with something that is not JSON (is MODELGATE_URL right?).`,
        );
      }
    }
  }

  private async wait(attempt: number, retryAfter: string | null, reason: string) {
    const delayMs = retryDelay(attempt, retryAfter);
    this.onRetry?.({ attempt, delayMs, reason });
    await this.sleep(delayMs);
    return delayMs;
  }
}

function parseProblem(text: string, res: Response): Problem {
  try {
    const parsed = JSON.parse(text) as unknown;
    if (parsed && typeof parsed === "object") return parsed as Problem;
  } catch {
    // not JSON: a proxy error page or similar
  }
  const snippet = text.replace(/\s+/g, " ").trim().slice(0, 200);
  return {
    title: res.statusText || "Request failed",
    status: res.status,
    detail: snippet || "(empty response)",
  };
}

function networkReason(e: unknown): string {
  const err = e as Error & { cause?: { code?: string; message?: string } };
  if (err?.name === "TimeoutError") return "no answer in time (timed out)";
  const cause = err?.cause;
  if (cause?.code || cause?.message)
    return [cause.code, cause.message]
      .filter(Boolean)
      .join(" ")
      .replace(/^(\w+) \1/, "$1");
  return err?.message ?? String(e);
}
