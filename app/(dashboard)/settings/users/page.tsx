import type { Metadata } from "next";
import { UsersPanel } from "@/components/settings/users-panel";
import { requirePrincipal } from "@/lib/auth";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  const principal = await requirePrincipal("admin");
  return <UsersPanel currentUserId={principal.user.id} />;
}
