import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { UsersPanel } from "@/components/settings/users-panel";
import { requirePrincipal } from "@/lib/auth";
import { can } from "@/lib/permissions";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  const principal = await requirePrincipal();
  if (!can(principal, "admin")) notFound();
  return <UsersPanel currentUserId={principal.user.id} />;
}
