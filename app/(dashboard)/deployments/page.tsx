import { redirect } from "next/navigation";
import { requirePrincipal } from "@/lib/auth";

/** Deployments are watched from the fleet overview. */
export default async function DeploymentsIndex() {
  await requirePrincipal();
  redirect("/monitoring");
}
