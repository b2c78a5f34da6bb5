import { notFound, redirect } from "next/navigation";
import { requirePrincipal } from "@/lib/auth";
import { orNotFound } from "@/lib/pages";
import { findEndpoint, runningAt } from "@/lib/services/endpoints";

type Props = { params: Promise<{ slug: string; target: string }> };

/**
 * The endpoint's stable address (a model on a target, whatever version runs there): opens the
 * page of what runs there now, or of the last release when nothing does. Its charts span every
 * release, so a bookmark or an alert link keeps working after a promotion or a rollback.
 */
export default async function EndpointPage({ params }: Props) {
  await requirePrincipal();
  const { slug, target } = await params;
  const endpoint = await orNotFound(findEndpoint(slug, target));
  const now = runningAt(endpoint.releases, Date.now());
  const shown = now.at(-1) ?? endpoint.releases.at(-1);
  if (!shown) notFound();
  redirect(`/deployments/${encodeURIComponent(shown.deploymentId)}`);
}
