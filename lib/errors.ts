import type { z } from "zod";

// One error path. Services throw AppError with a code; lib/http/problem.ts turns the code
// into an HTTP status and an RFC 9457 problem+json body. Nothing else maps errors.
// This module sits below both lib/http and lib/services (it imports neither), so a service
// can refuse a request without knowing that it arrived over HTTP.

export type ErrorCode =
  | "bad_request"
  | "validation_failed"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "payload_too_large"
  | "unsupported_media_type"
  | "unprocessable"
  | "gate_failed"
  | "rate_limited"
  | "unavailable"
  | "internal";

export interface FieldIssue {
  path: string;
  message: string;
}

export const errorTable: Record<ErrorCode, { status: number; title: string }> = {
  bad_request: { status: 400, title: "Bad request" },
  validation_failed: { status: 400, title: "Invalid request" },
  unauthorized: { status: 401, title: "Authentication required" },
  forbidden: { status: 403, title: "Forbidden" },
  not_found: { status: 404, title: "Not found" },
  conflict: { status: 409, title: "Conflict" },
  payload_too_large: { status: 413, title: "Payload too large" },
  unsupported_media_type: { status: 415, title: "Unsupported media type" },
  unprocessable: { status: 422, title: "Unprocessable request" },
  gate_failed: { status: 422, title: "Promotion gates failed" },
  rate_limited: { status: 429, title: "Too many requests" },
  unavailable: { status: 503, title: "Service unavailable" },
  internal: { status: 500, title: "Internal server error" },
};

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly options: {
      errors?: FieldIssue[];
      /** Extra members of the problem body, e.g. `gates` for gate_failed. */
      extra?: Record<string, unknown>;
      headers?: Record<string, string>;
    } = {},
  ) {
    super(message);
    this.name = "AppError";
  }

  get status(): number {
    return errorTable[this.code].status;
  }
}

// One helper per kind of refusal: callers say what went wrong, the helper knows the code,
// the status and the headers that go with it.

/** A request we cannot read at all (malformed JSON, gzip, protobuf; an empty body). */
export const badRequest = (detail: string) => new AppError("bad_request", detail);

/** A refusal lists this many problems: enough to fix a batch, small enough to send and read. */
const MAX_LISTED_ISSUES = 100;

/** "N invalid fields", plus " (first 100 listed, M more)" when the list is cut. */
function issueSummary(count: number): string {
  const more = count - MAX_LISTED_ISSUES;
  return `${count} invalid field${count === 1 ? "" : "s"}${more > 0 ? ` (first ${MAX_LISTED_ISSUES} listed, ${more} more)` : ""}`;
}

/** Every zod issue as `{ path: "points.3.value", message }`. */
export function zodIssues(error: z.ZodError, prefix?: string): FieldIssue[] {
  return error.issues.map((issue) => {
    const path = [prefix, ...issue.path.map(String)]
      .filter((p) => p !== undefined && p !== "")
      .join(".");
    return { path: path || "(root)", message: issue.message };
  });
}

/**
 * The refusal of a whole request: "N invalid fields" (and `; after`, e.g. "nothing was
 * stored"), listing the first MAX_LISTED_ISSUES of them.
 */
export const validationFailed = (errors: FieldIssue[], after?: string) =>
  new AppError("validation_failed", `${issueSummary(errors.length)}${after ? `; ${after}` : ""}`, {
    errors: errors.slice(0, MAX_LISTED_ISSUES),
  });
/** Invalid fields under a detail of the caller's choosing; the list is passed on uncut. */
export const invalidFields = (detail: string, errors: FieldIssue[]) =>
  new AppError("validation_failed", detail, { errors });
/** One invalid field: `detail` says what is wrong in a sentence, `message` says it at `path`. */
export const invalidField = (path: string, message: string, detail: string) =>
  invalidFields(detail, [{ path, message }]);
export const unauthorized = (detail = "Sign in or send `Authorization: Bearer <token>`.") =>
  new AppError("unauthorized", detail, {
    headers: { "WWW-Authenticate": 'Bearer realm="modelgate"' },
  });
export const forbidden = (detail = "You are not allowed to do this.") =>
  new AppError("forbidden", detail);
/** "Model not found"; without a name, just "Not found". */
export const notFound = (what?: string) =>
  new AppError("not_found", what ? `${what} not found` : "Not found");
export const conflict = (detail: string, extra?: Record<string, unknown>) =>
  new AppError("conflict", detail, { extra });
/** A conflict that clears by itself (another request holds the resource): retry after a while. */
export const conflictRetryAfter = (detail: string, retryAfterSeconds: number) =>
  new AppError("conflict", detail, { headers: { "Retry-After": String(retryAfterSeconds) } });
export const payloadTooLarge = (detail: string) => new AppError("payload_too_large", detail);
export const unsupportedMediaType = (detail: string) =>
  new AppError("unsupported_media_type", detail);
export const unprocessable = (detail: string, extra?: Record<string, unknown>) =>
  new AppError("unprocessable", detail, { extra });
/** Blocking promotion gates failed; `gates` lists each gate's outcome. */
export const gatesFailed = (detail: string, gates: unknown) =>
  new AppError("gate_failed", detail, { extra: { gates } });
export const rateLimited = (
  retryAfterSeconds: number,
  detail = `Rate limit exceeded; retry in ${retryAfterSeconds} s.`,
) =>
  new AppError("rate_limited", detail, { headers: { "Retry-After": String(retryAfterSeconds) } });
/** Our fault, not the caller's: says nothing more (the cause is logged where it is caught). */
export const internalError = () =>
  new AppError("internal", "Something went wrong on our side. It has been logged.");

/** A response that does not match its endpoint's schema (checked outside production only). */
export const responseMismatch = (detail: string, errors: FieldIssue[]) =>
  new AppError("internal", detail, { errors: errors.slice(0, MAX_LISTED_ISSUES) });
