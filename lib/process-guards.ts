import { log } from "@/lib/log";

// A promise rejected with nobody listening is a bug somewhere (a library or ours), but it must
// neither crash a server that holds other requests nor vanish: log it as an error, with what
// is known of where it came from, and keep serving. Installed once per process by the web
// server's instrumentation and by the worker.

const g = globalThis as unknown as { modelgateGuards?: boolean };

export function describeReason(reason: unknown): { err: string; type: string; stack?: string } {
  if (reason instanceof Error)
    return { err: reason.message, type: reason.name, stack: reason.stack };
  let text: string;
  try {
    text = typeof reason === "string" ? reason : JSON.stringify(reason);
  } catch {
    text = String(reason);
  }
  return { err: text ?? String(reason), type: typeof reason };
}

export function installProcessGuards(context: string): void {
  if (g.modelgateGuards) return;
  g.modelgateGuards = true;
  process.on("unhandledRejection", (reason) => {
    log.error(
      { ...describeReason(reason), context },
      "Unhandled promise rejection (logged; the process keeps running)",
    );
  });
}
