import { requirePrincipal } from "@/lib/auth";
import type { ReferenceSummary } from "@/lib/charts/drift";
import { AppError } from "@/lib/errors";
import { getReference } from "@/lib/services/drift";

/** A version's reference summary for a server component, or null when it has none. */
export async function loadReference(slug: string, version: number): Promise<ReferenceSummary | null> {
  await requirePrincipal("read");
  try {
    return await getReference(slug, version);
  } catch (e) {
    if (e instanceof AppError && e.code === "not_found") return null;
    throw e;
  }
}
