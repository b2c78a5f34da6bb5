import { type AppError, gatesFailed } from "@/lib/errors";
import type { Gate } from "@/lib/schemas/promotions";
import { blockingFailures } from "./gates";

/** The 422 a refused promotion or rollback answers: which blocking gates failed, with every gate in `gates`. */
export function gateFailed(gates: Gate[], after = ""): AppError {
  const failed = blockingFailures(gates);
  const list = `${failed.length} blocking gate${failed.length > 1 ? "s" : ""} failed: ${failed.map((g) => g.title).join("; ")}.`;
  return gatesFailed(after ? `${list} ${after}` : list, gates);
}
