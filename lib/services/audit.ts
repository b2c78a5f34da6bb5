import { stringify } from "csv-stringify/sync";
import type { Tx } from "@/lib/db";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { cutPage } from "@/lib/pagination";
import { type Principal, can } from "@/lib/permissions";
import { resolveEntities } from "./audit-names";

// The audit trail. Every mutation in lib/services writes one event inside the same
// transaction as the change, so there is never a change without its event or the reverse.
// The table is append-only: a trigger in the migrations refuses UPDATE and DELETE.

export interface Actor {
  userId: string | null;
  tokenId: string | null;
  label: string;
}

export const systemActor: Actor = { userId: null, tokenId: null, label: "system" };
/** Someone with shell access to the installation, through `npm run user`. */
export const cliActor: Actor = { userId: null, tokenId: null, label: "cli" };

export function actorOf(principal: Principal): Actor {
  return {
    userId: principal.user.id,
    tokenId: principal.token?.id ?? null,
    label: principal.user.email,
  };
}

const secretKeys = new Set(["passwordHash", "password", "tokenHash", "token", "secret"]);

/** Plain JSON for the audit columns: dates as ISO strings, bigints as numbers, no secrets. */
export function auditJson(value: unknown): Prisma.InputJsonValue | typeof Prisma.DbNull {
  if (value === undefined || value === null) return Prisma.DbNull;
  return JSON.parse(
    JSON.stringify(value, (key, v: unknown) => {
      if (secretKeys.has(key)) return undefined;
      if (typeof v === "bigint") return Number(v);
      return v;
    }),
  ) as Prisma.InputJsonValue;
}

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
}

export async function recordAudit(tx: Tx, actor: Actor, entry: AuditEntry): Promise<void> {
  await tx.auditEvent.create({
    data: {
      actorId: actor.userId,
      tokenId: actor.tokenId,
      actorLabel: actor.label,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      before: auditJson(entry.before),
      after: auditJson(entry.after),
    },
  });
}

export interface AuditFilter {
  entity?: string; // "model" or "model:<id>"
  actor?: string; // user id or email
  action?: string;
  from?: Date;
  to?: Date;
  limit: number;
  cursor?: bigint; // id of the last event of the previous page
}

/**
 * Entries about people and credentials (users, API tokens, webhooks) carry emails, roles,
 * token names and scopes, webhook URLs. Only admins read them in full; everyone else sees
 * that the change happened (action, entity, actor, time) with its data withheld.
 */
export const adminOnlyEntityTypes = new Set(["user", "api_token", "webhook"]);

function redactFor(reader: Principal) {
  const admin = can(reader, "admin");
  return <
    T extends {
      entityType: string;
      before: unknown;
      after: unknown;
      actor: { id: string | null; token: string | null };
    },
  >(
    e: T,
  ): T & { redacted: boolean } => {
    if (admin) return { ...e, redacted: false };
    const hidden = adminOnlyEntityTypes.has(e.entityType);
    return {
      ...e,
      before: hidden ? null : e.before,
      after: hidden ? null : e.after,
      // A token's name says what it is for: non-admins see the names of their own tokens
      // only, and of anyone else's that a token was used.
      actor: {
        ...e.actor,
        token: e.actor.token && e.actor.id !== reader.user.id ? "API token" : e.actor.token,
      },
      redacted: hidden,
    };
  };
}

/** A page of the log, newest first; `names: false` skips looking up the entities' names. */
export async function listAudit(
  reader: Principal,
  filter: AuditFilter,
  { names = true }: { names?: boolean } = {},
) {
  const [entityType, entityId] = filter.entity?.split(":", 2) ?? [];
  const where: Prisma.AuditEventWhereInput = {
    ...(entityType ? { entityType } : {}),
    ...(entityId ? { entityId } : {}),
    ...(filter.actor
      ? {
          OR: [
            { actorId: filter.actor },
            { actorLabel: { equals: filter.actor, mode: "insensitive" } },
          ],
        }
      : {}),
    ...(filter.action ? { action: { startsWith: filter.action } } : {}),
    ...(filter.from || filter.to ? { createdAt: { gte: filter.from, lt: filter.to } } : {}),
    ...(filter.cursor !== undefined ? { id: { lt: filter.cursor } } : {}),
  };
  const rows = await db.auditEvent.findMany({
    where,
    orderBy: { id: "desc" },
    take: filter.limit + 1,
    include: { token: { select: { name: true, prefix: true } } },
  });
  // The audit log's cursor is the last event's id itself (ids only grow), not an opaque one.
  const page = cutPage(rows, filter.limit, (r) => r.id.toString());
  const items = page.items.map((r) => ({
    id: r.id.toString(),
    action: r.action,
    entityType: r.entityType,
    entityId: r.entityId,
    actor: {
      id: r.actorId,
      label: r.actorLabel,
      token: r.token ? `${r.token.name} (${r.token.prefix}…)` : null,
    },
    before: r.before,
    after: r.after,
    createdAt: r.createdAt.toISOString(),
  }));
  const admin = can(reader, "admin");
  const refs = names
    ? await resolveEntities(items, (type) => admin || !adminOnlyEntityTypes.has(type))
    : new Map();
  const named = items.map((e): typeof e & { entityName?: string; entityHref?: string } => {
    const ref = refs.get(`${e.entityType}:${e.entityId}`);
    return ref ? { ...e, entityName: ref.name, ...(ref.href ? { entityHref: ref.href } : {}) } : e;
  });
  return { items: named.map(redactFor(reader)), nextCursor: page.nextCursor };
}

/** The filtered log as CSV (up to 100,000 rows), newest first, with a header row. */
export async function auditCsv(
  reader: Principal,
  filter: Omit<AuditFilter, "limit" | "cursor">,
): Promise<string> {
  const rows: (string | null)[][] = [];
  let cursor: bigint | undefined;
  do {
    const page = await listAudit(reader, { ...filter, limit: 500, cursor }, { names: false });
    for (const e of page.items) {
      rows.push([
        e.createdAt,
        e.actor.label,
        e.actor.token,
        e.action,
        e.entityType,
        e.entityId,
        e.before === null ? null : JSON.stringify(e.before),
        e.after === null ? null : JSON.stringify(e.after),
      ]);
    }
    cursor = page.nextCursor ? BigInt(page.nextCursor) : undefined;
  } while (cursor !== undefined && rows.length < 100_000);
  // A cell that starts like a formula is prefixed with ' so spreadsheets show it as text.
  const safe = rows.map((r) => r.map((c) => (c && /^[=+\-@\t\r]/.test(c) ? `'${c}` : c)));
  return stringify(safe, {
    header: true,
    columns: ["time", "actor", "token", "action", "entity_type", "entity_id", "before", "after"],
  });
}
