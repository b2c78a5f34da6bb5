import { redirect } from "next/navigation";

/** Deployments are watched from the fleet overview. */
export default function DeploymentsIndex() {
  redirect("/monitoring");
}
