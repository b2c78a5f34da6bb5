import { notFound } from "next/navigation";
import { AppError } from "@/lib/errors";

/** For pages: a service's not_found becomes the 404 page; any other error propagates. */
export async function orNotFound<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (e) {
    if (e instanceof AppError && e.code === "not_found") notFound();
    throw e;
  }
}
