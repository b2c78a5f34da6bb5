// One error path. Services throw AppError with a code; lib/http/problem.ts turns the code
// into an HTTP status and an RFC 9457 problem+json body. Nothing else maps errors.

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

export const badRequest = (detail: string, errors?: FieldIssue[]) =>
  new AppError(errors ? "validation_failed" : "bad_request", detail, { errors });
/** A refusal lists this many problems: enough to fix a batch, small enough to send and read. */
export const MAX_LISTED_ISSUES = 100;

/** "N invalid fields", plus " (first 100 listed, M more)" when the list is cut. */
export function issueSummary(count: number): string {
  const more = count - MAX_LISTED_ISSUES;
  return `${count} invalid field${count === 1 ? "" : "s"}${more > 0 ? ` (first ${MAX_LISTED_ISSUES} listed, ${more} more)` : ""}`;
}

export const validationFailed = (errors: FieldIssue[]) =>
  new AppError("validation_failed", issueSummary(errors.length), {
    errors: errors.slice(0, MAX_LISTED_ISSUES),
  });
export const unauthorized = (detail = "Sign in or send `Authorization: Bearer <token>`.") =>
  new AppError("unauthorized", detail, { headers: { "WWW-Authenticate": 'Bearer realm="modelgate"' } });
export const forbidden = (detail = "You are not allowed to do this.") => new AppError("forbidden", detail);
export const notFound = (what: string) => new AppError("not_found", `${what} not found`);
export const conflict = (detail: string, extra?: Record<string, unknown>) =>
  new AppError("conflict", detail, { extra });
export const unprocessable = (detail: string, extra?: Record<string, unknown>) =>
  new AppError("unprocessable", detail, { extra });
export const rateLimited = (retryAfterSeconds: number) =>
  new AppError("rate_limited", `Rate limit exceeded; retry in ${retryAfterSeconds} s.`, {
    headers: { "Retry-After": String(retryAfterSeconds) },
  });

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
