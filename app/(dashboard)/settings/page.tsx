import { redirect } from "next/navigation";
import { requirePrincipal } from "@/lib/auth";

export default async function SettingsIndex() {
  await requirePrincipal();
  redirect("/settings/tokens");
}
