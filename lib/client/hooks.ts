"use client";

import { useQuery } from "@tanstack/react-query";
import { api } from "./api";

// One react-query hook per endpoint, with stable keys.

export interface UserDto {
  id: string;
  email: string;
  name: string;
  role: "viewer" | "editor" | "approver" | "admin";
  disabled: boolean;
  lastLoginAt: string | null;
  createdAt: string;
}

export interface TokenDto {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  deploymentIds: string[];
  model: { id: string; slug: string } | null;
  user: { id: string; email: string; name: string };
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
  createdAt: string;
}

export const queryKeys = {
  users: ["users"] as const,
  tokens: ["tokens"] as const,
};

export function useUsers() {
  return useQuery({ queryKey: queryKeys.users, queryFn: () => api<{ items: UserDto[] }>("/api/v1/users").then((r) => r.items) });
}

export function useTokens() {
  return useQuery({ queryKey: queryKeys.tokens, queryFn: () => api<{ items: TokenDto[] }>("/api/v1/tokens").then((r) => r.items) });
}
