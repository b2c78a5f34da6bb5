// Exit codes, as documented in docs/ci.md:
//   0  success (gates pass, promotion approved)
//   1  a negative answer: a gate failed, a promotion was refused, rejected, cancelled, expired or timed out
//   2  anything that kept the command from running: usage, configuration, connection, auth, API errors
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_ERROR = 2;

export interface FieldIssue {
  path: string;
  message: string;
}

/** An error the CLI reports as one clear line (plus details) before exiting with `exitCode`. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT_ERROR,
    readonly details: string[] = [],
  ) {
    super(message);
    this.name = "CliError";
  }
}

/** An RFC 9457 problem returned by the API. */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  errors?: FieldIssue[];
  [key: string]: unknown;
}

export class ApiError extends CliError {
  constructor(
    readonly status: number,
    readonly problem: Problem,
    readonly method: string,
    readonly url: string,
  ) {
    super(
      describe(status, problem, method, url),
      EXIT_ERROR,
      (problem.errors ?? []).map((e) => `${e.path}: ${e.message}`),
    );
    this.name = "ApiError";
  }
}

function describe(status: number, problem: Problem, method: string, url: string): string {
  const detail = problem.detail || problem.title || "no details";
  if (status === 401)
    return `The token was refused (401): ${detail} Check MODELGATE_TOKEN or run \`modelgate login\`.`;
  if (status === 403) return `The token is not allowed to do this (403): ${detail}`;
  const title = problem.title ?? "Request failed";
  return `${title} (${status}): ${detail}${status >= 500 ? ` [${method} ${new URL(url).pathname}]` : ""}`;
}
