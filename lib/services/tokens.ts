import { createHash, randomBytes } from "node:crypto";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { listenerEpoch, subscribe } from "@/lib/realtime/listener";
import { forbidden, notFound, unprocessable, validationFailed } from "@/lib/errors";
import { type Principal, type Scope, can, scopesForRole } from "@/lib/permissions";
import type { TokenCreate, TokenDto } from "@/lib/schemas/tokens";
import { actorOf, recordAudit } from "./audit";
import { TOKEN_CHANNEL, TokenCache } from "./token-cache";

// API tokens: `mg_` + 32 random bytes in base64url. Only a SHA-256 of the token is stored
// (the token has 256 bits of entropy, so a fast hash is enough; no salt or KDF needed).

export const TOKEN_PREFIX = "mg_";

export function hashToken(raw: string): string {
  return createHash("sha256").update(raw).digest("hex");
}

function newSecret(): string {
  return TOKEN_PREFIX + randomBytes(32).toString("base64url");
}

const tokenSelect = {
  id: true,
  name: true,
  prefix: true,
  scopes: true,
  deploymentIds: true,
  model: { select: { id: true, slug: true } },
  expiresAt: true,
  lastUsedAt: true,
  revokedAt: true,
  createdAt: true,
  updatedAt: true,
  user: { select: { id: true, email: true, name: true } },
} as const;

type TokenRow = {
  id: string;
  name: string;
  prefix: string;
  scopes: Scope[];
  deploymentIds: string[];
  model: { id: string; slug: string } | null;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  user: { id: string; email: string; name: string };
};

export function serializeToken(t: TokenRow): TokenDto {
  return {
    ...t,
    expiresAt: t.expiresAt?.toISOString() ?? null,
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
    revokedAt: t.revokedAt?.toISOString() ?? null,
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
  };
}

/** Tokens the caller may see: their own; admins see everyone's. */
export async function listTokens(principal: Principal) {
  const rows = await db.apiToken.findMany({
    where: can(principal, "admin") ? {} : { userId: principal.user.id },
    select: tokenSelect,
    orderBy: [{ revokedAt: { sort: "desc", nulls: "first" } }, { createdAt: "desc" }],
  });
  return rows.map(serializeToken);
}

export async function createToken(principal: Principal, input: TokenCreate) {
  const forOther = input.userId !== undefined && input.userId !== principal.user.id;
  if (forOther && !can(principal, "admin"))
    throw forbidden("Only admins create tokens for other users");
  const ownerId = input.userId ?? principal.user.id;
  const owner = await db.user.findUnique({
    where: { id: ownerId },
    select: { id: true, role: true, disabled: true },
  });
  if (!owner || owner.disabled) throw notFound("User");

  // A token never carries more than its owner's role allows, nor more than its creator holds.
  const allowed = new Set(scopesForRole(owner.role));
  const creatorScopes = principal.token?.scopes;
  const bad = input.scopes
    .map((s, i) => ({ s, i }))
    .filter(
      ({ s }) =>
        !allowed.has(s) ||
        (creatorScopes && !creatorScopes.includes(s) && !creatorScopes.includes("admin")),
    );
  if (bad.length) {
    throw validationFailed(
      bad.map(({ s, i }) => ({
        path: `scopes.${i}`,
        message: `scope "${s}" is beyond what this user's role allows`,
      })),
    );
  }

  const narrowing = await resolveNarrowing(input);

  const secret = newSecret();
  return db.$transaction(async (tx) => {
    const row = await tx.apiToken.create({
      data: {
        userId: ownerId,
        createdById: principal.user.id,
        name: input.name,
        prefix: secret.slice(0, 10),
        tokenHash: hashToken(secret),
        scopes: [...new Set(input.scopes)],
        deploymentIds: narrowing.deploymentIds,
        modelId: narrowing.modelId,
        expiresAt: input.expiresAt ? new Date(input.expiresAt) : null,
      },
      select: tokenSelect,
    });
    await recordAudit(tx, actorOf(principal), {
      action: "token.create",
      entityType: "api_token",
      entityId: row.id,
      after: serializeToken(row),
    });
    return { ...serializeToken(row), token: secret };
  });
}

/** The deployments and model a new token is narrowed to, each checked to exist (400 listing every unknown one). */
async function resolveNarrowing(input: TokenCreate) {
  const deploymentIds = [...new Set(input.deploymentIds ?? [])];
  const issues: { path: string; message: string }[] = [];
  // Narrowing limits ingestion only; a narrowed token that could also write models or approve
  // promotions would look contained while it is not. So it may carry nothing else.
  if (deploymentIds.length || input.model) {
    input.scopes.forEach((s, i) => {
      if (s !== "ingest" && s !== "read") {
        issues.push({
          path: `scopes.${i}`,
          message: 'a token narrowed to deployments or a model carries only "ingest" and "read"',
        });
      }
    });
  }
  if (deploymentIds.length) {
    const found = await db.deployment.findMany({
      where: { id: { in: deploymentIds } },
      select: { id: true },
    });
    const known = new Set(found.map((d) => d.id));
    (input.deploymentIds ?? []).forEach((id, i) => {
      if (!known.has(id))
        issues.push({ path: `deploymentIds.${i}`, message: `deployment "${id}" does not exist` });
    });
  }
  let modelId: string | null = null;
  if (input.model) {
    const model = await db.model.findUnique({ where: { slug: input.model }, select: { id: true } });
    if (!model) issues.push({ path: "model", message: `model "${input.model}" does not exist` });
    else modelId = model.id;
  }
  if (issues.length) throw validationFailed(issues);
  return { deploymentIds, modelId };
}

/**
 * Refuse (403) an ingestion write by a token narrowed to other deployments. Every id must be one
 * of the token's deployments or belong to its model. Unknown ids are refused the same way, so a
 * narrowed token cannot probe which deployments exist.
 */
export async function assertMayIngest(principal: Principal, deploymentIds: string[]) {
  const t = principal.token;
  if (!t || (!t.deploymentIds?.length && !t.modelId)) return;
  const allowed = new Set(t.deploymentIds ?? []);
  let rest = [...new Set(deploymentIds)].filter((id) => !allowed.has(id));
  if (rest.length && t.modelId) {
    const ofModel = await db.deployment.findMany({
      where: { id: { in: rest }, modelId: t.modelId },
      select: { id: true },
    });
    const inModel = new Set(ofModel.map((d) => d.id));
    rest = rest.filter((id) => !inModel.has(id));
  }
  if (rest.length) {
    throw forbidden(
      `This token may not write to deployment${rest.length === 1 ? "" : "s"} ${rest
        .slice(0, 10)
        .map((id) => `"${id}"`)
        .join(", ")}: it is narrowed to other deployments.`,
    );
  }
}

/**
 * Refuse (403), before the body is read, ingestion to an endpoint by a token narrowed to
 * another model or to deployments none of which ran there. Whether the model or the target
 * exists is not revealed. The records themselves are checked once placed (assertMayIngest).
 */
export async function assertMayIngestEndpoint(principal: Principal, model: string, target: string) {
  const t = principal.token;
  if (!t || (!t.deploymentIds?.length && !t.modelId)) return;
  const found = await db.deployment.findFirst({
    where: {
      model: { slug: model },
      target: { slug: target },
      OR: [
        ...(t.modelId ? [{ modelId: t.modelId }] : []),
        ...(t.deploymentIds?.length ? [{ id: { in: t.deploymentIds } }] : []),
      ],
    },
    select: { id: true },
  });
  if (!found)
    throw forbidden(
      `This token may not write to ${model} on ${target}: it is narrowed to other deployments.`,
    );
}

export async function revokeToken(principal: Principal, id: string) {
  forgetCachedTokens();
  const revoked = await db.$transaction(async (tx) => {
    const row = await tx.apiToken.findUnique({ where: { id }, select: tokenSelect });
    // 404 rather than 403 for someone else's token: its existence is not the caller's business.
    if (!row || (row.user.id !== principal.user.id && !can(principal, "admin")))
      throw notFound("Token");
    if (row.revokedAt) throw unprocessable("This token is already revoked");
    const after = await tx.apiToken.update({
      where: { id },
      data: { revokedAt: new Date() },
      select: tokenSelect,
    });
    await recordAudit(tx, actorOf(principal), {
      action: "token.revoke",
      entityType: "api_token",
      entityId: id,
      before: serializeToken(row),
      after: serializeToken(after),
    });
    return serializeToken(after);
  });
  forgetCachedTokens();
  return revoked;
}

const g = globalThis as unknown as {
  modelgateTokenCache?: { cache: TokenCache; listening: Promise<boolean> };
};

/**
 * This process's token cache, subscribed to the invalidation channel. Off (null) with the
 * embedded database (no NOTIFY between connections) or TOKEN_CACHE_SECONDS=0.
 */
function tokenCache(): { cache: TokenCache; listening: Promise<boolean> } | null {
  const e = env();
  if (e.MODELGATE_EMBEDDED_DB || e.TOKEN_CACHE_SECONDS === 0) return null;
  if (!g.modelgateTokenCache) {
    const cache = new TokenCache(e.TOKEN_CACHE_SECONDS * 1000);
    const listening = subscribe(TOKEN_CHANNEL, () => cache.clear()).then(
      () => true,
      (err: unknown) => {
        log.warn(
          { err },
          "token cache: cannot LISTEN; tokens are checked in the database every time",
        );
        return false;
      },
    );
    g.modelgateTokenCache = { cache, listening };
  }
  return g.modelgateTokenCache;
}

/**
 * Empty this instance's token cache at once. The database trigger tells every instance of a
 * change, this one included, within milliseconds; this closes even that gap for changes made
 * here, so a revocation answered to its caller already holds for their next request.
 */
export function forgetCachedTokens(): void {
  g.modelgateTokenCache?.cache.clear();
}

/** The principal a bearer token stands for, or null when it is unknown, revoked or expired. */
export async function principalFromToken(raw: string): Promise<Principal | null> {
  if (!raw.startsWith(TOKEN_PREFIX) || raw.length > 200) return null;
  const hash = hashToken(raw);
  const cached = tokenCache();
  const listening = cached ? await cached.listening : false;
  const nowMs = Date.now();
  if (cached && listening) {
    const hit = cached.cache.get(hash, listenerEpoch(), nowMs);
    if (hit && nowMs - hit.lastUsedAt <= 60_000) return hit.principal;
  }
  const ticket = cached?.cache.ticket() ?? 0;
  const epoch = listenerEpoch();
  const row = await db.apiToken.findUnique({
    where: { tokenHash: hash },
    select: {
      id: true,
      scopes: true,
      expiresAt: true,
      revokedAt: true,
      lastUsedAt: true,
      createdById: true,
      deploymentIds: true,
      modelId: true,
      user: { select: { id: true, email: true, name: true, role: true, disabled: true } },
    },
  });
  const now = new Date();
  if (!row || row.revokedAt || row.user.disabled || (row.expiresAt && row.expiresAt <= now))
    return null;
  // Record use at most once a minute: a busy ingest token should not write on every call.
  let lastUsedAt = row.lastUsedAt?.getTime() ?? 0;
  if (now.getTime() - lastUsedAt > 60_000) {
    await db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: now } });
    lastUsedAt = now.getTime();
  }
  const { disabled: _disabled, ...user } = row.user;
  const principal: Principal = {
    user,
    token: {
      id: row.id,
      scopes: row.scopes,
      ownIssued: row.createdById === row.user.id,
      deploymentIds: row.deploymentIds,
      modelId: row.modelId,
    },
  };
  if (cached && listening)
    cached.cache.set(
      hash,
      { principal, expiresAt: row.expiresAt?.getTime() ?? null, lastUsedAt },
      { epoch, ticket, now: now.getTime() },
    );
  return principal;
}
