// Who may do what, in one place. A user's role sets the ceiling; an API token narrows it to
// its scopes. Everything that checks access asks `can(principal, action)`.

import { Role as RoleValues, TokenScope } from "@/lib/generated/prisma/enums";

// Roles and scopes are the database's enums (prisma/schema.prisma), in their declared order.
export type Role = (typeof RoleValues)[keyof typeof RoleValues];
export const roles: readonly Role[] = Object.values(RoleValues);

export type Scope = (typeof TokenScope)[keyof typeof TokenScope];
export const scopes: readonly Scope[] = Object.values(TokenScope);

export type Action =
  | "read" // see models, versions, targets, deployments, monitoring, audit
  | "write" // create/edit models, versions, targets, checklist items, rules
  | "ingest" // push metrics and predictions
  | "promote" // request a promotion, roll back a staging deployment
  | "approve" // approve/reject promotions, roll back production
  | "admin"; // users, tokens of others, webhooks, templates

const rank: Record<Role, number> = { viewer: 0, editor: 1, approver: 2, admin: 3 };

const policy: Record<Action, { minRole: Role; scope: Scope }> = {
  read: { minRole: "viewer", scope: "read" },
  write: { minRole: "editor", scope: "write" },
  ingest: { minRole: "editor", scope: "ingest" },
  promote: { minRole: "editor", scope: "promote" },
  approve: { minRole: "approver", scope: "promote" },
  admin: { minRole: "admin", scope: "admin" },
};

export interface Principal {
  user: { id: string; email: string; name: string; role: Role };
  /**
   * Set when the request came with an API token: its id and scopes, and whether its owner
   * minted it (an admin may mint a token for someone else; such a token never votes).
   */
  token?: {
    id: string;
    scopes: Scope[];
    ownIssued?: boolean;
    /** Ingestion narrowed to these deployments and/or this model's (both empty: not narrowed). */
    deploymentIds?: string[];
    modelId?: string | null;
  };
}

export function roleAtLeast(role: Role, min: Role): boolean {
  return rank[role] >= rank[min];
}

export function can(principal: Principal, action: Action): boolean {
  const rule = policy[action];
  if (!roleAtLeast(principal.user.role, rule.minRole)) return false;
  if (principal.token && !principal.token.scopes.includes(rule.scope)) {
    // The admin scope implies every other scope of an admin's token.
    return principal.token.scopes.includes("admin") && principal.user.role === "admin";
  }
  return true;
}

/**
 * Resolving or silencing an alert. A critical alert blocks its model's promotions until it is
 * over, so closing or muting one is an approver's call; acknowledging stays with editors.
 */
export function canCloseAlert(
  principal: Principal,
  severity: "info" | "warning" | "critical",
): boolean {
  return can(principal, severity === "critical" ? "approve" : "write");
}

/** The scopes a user of this role may put on a token: none beyond what the role allows. */
export function scopesForRole(role: Role): Scope[] {
  return scopes.filter((s) => {
    const action: Action = s === "promote" ? "promote" : s;
    return roleAtLeast(role, policy[action].minRole);
  });
}

export const roleLabels: Record<Role, string> = {
  viewer: "Viewer",
  editor: "Editor",
  approver: "Approver",
  admin: "Admin",
};
