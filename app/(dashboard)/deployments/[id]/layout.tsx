import type { ReactNode } from "react";
import { DeploymentBreadcrumb } from "@/components/deployments/deployment-breadcrumb";
import { requirePrincipal } from "@/lib/auth";
import { orNotFound } from "@/lib/pages";
import { getDeployment } from "@/lib/services/deployments";

/**
 * What the deployment's pages share: the breadcrumb back to its model and version. This reads
 * the deployment, so it authorizes itself; each page below still does too, because a layout is
 * not access control (Next can render a page without re-rendering its layout).
 */
export default async function DeploymentLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ id: string }>;
}) {
  await requirePrincipal();
  const { id } = await params;
  const d = await orNotFound(getDeployment(id));
  return (
    <>
      <DeploymentBreadcrumb deployment={{ id: d.id, model: d.model, version: d.version }} />
      {children}
    </>
  );
}
