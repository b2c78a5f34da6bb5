import type { Tx } from "@/lib/db";
import type { EventType } from "@/lib/schemas/events";
import { auditJson } from "./audit";

// The outbox. A domain event is written in the same transaction as the change it describes,
// so an event exists exactly when its change committed. Consumers (the webhook dispatcher)
// read undispatched rows in `seq` order and mark them; nothing is lost if they crash.

export async function emitEvent(
  tx: Tx,
  type: EventType,
  subject: { type: string; id: string },
  data: Record<string, unknown>,
): Promise<void> {
  await tx.domainEvent.create({
    data: {
      type,
      subjectType: subject.type,
      subjectId: subject.id,
      data: auditJson(data) as object,
    },
  });
}
