import { z } from "zod";
import { Prisma } from "@/lib/generated/prisma/client";
import { log } from "@/lib/log";
import {
  AppError,
  conflict,
  errorTable,
  internalError,
  invalidFields,
  notFound,
  zodIssues,
} from "@/lib/errors";
import { sized } from "./sized";

export const PROBLEM_TYPE_BASE = "https://modelgate.dev/problems/";

/** Prisma errors that are the caller's fault rather than ours. */
function fromPrisma(e: Prisma.PrismaClientKnownRequestError): AppError | null {
  if (e.code === "P2002") {
    const target = (e.meta?.target as string[] | string | undefined) ?? "a unique field";
    return conflict(`Already exists: ${Array.isArray(target) ? target.join(", ") : target}`);
  }
  if (e.code === "P2025") return notFound();
  if (e.code === "P2003") return conflict("A referenced record does not exist or is still in use");
  return null;
}

export function toAppError(e: unknown): AppError {
  if (e instanceof AppError) return e;
  if (e instanceof z.ZodError) return invalidFields("Invalid request", zodIssues(e));
  if (e instanceof Prisma.PrismaClientKnownRequestError) {
    const mapped = fromPrisma(e);
    if (mapped) return mapped;
  }
  log.error({ err: e }, "unexpected error");
  return internalError();
}

export function problemBody(err: AppError, instance?: string) {
  const { status, title } = errorTable[err.code];
  return {
    type: `${PROBLEM_TYPE_BASE}${err.code}`,
    title,
    status,
    detail: err.message,
    ...(instance ? { instance } : {}),
    ...(err.options.errors ? { errors: err.options.errors } : {}),
    ...(err.options.extra ?? {}),
  };
}

export function problemResponse(e: unknown, instance?: string): Response {
  const err = toAppError(e);
  return sized(JSON.stringify(problemBody(err, instance)), err.status, {
    "Content-Type": "application/problem+json",
    ...(err.options.headers ?? {}),
  });
}
