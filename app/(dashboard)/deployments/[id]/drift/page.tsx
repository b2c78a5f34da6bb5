import type { Metadata } from "next";
import { Suspense } from "react";
import { DeploymentTitle } from "@/components/deployments/deployment-title";
import { DriftView } from "@/components/drift/drift-view";
import { PageHeader } from "@/components/ui/page-header";
import { RelativeTime } from "@/components/ui/relative-time";
import { requirePrincipal } from "@/lib/auth";
import { orNotFound } from "@/lib/pages";
import { getDeployment } from "@/lib/services/deployments";
import { findReference } from "@/lib/services/reference";

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  await requirePrincipal();
  const { id } = await params;
  try {
    const d = await getDeployment(id);
    return { title: `Drift · ${d.modelName} v${d.version} on ${d.targetName}` };
  } catch {
    return { title: "Drift" };
  }
}

/** Data drift of one deployment's inputs against its version's reference data. */
export default async function DeploymentDriftPage({ params }: Props) {
  await requirePrincipal("read");
  const { id } = await params;
  const d = await orNotFound(getDeployment(id));
  const summary = await findReference(d.model, d.version);
  const reference = summary ? { rowCount: summary.rowCount, updatedAt: summary.updatedAt } : null;

  return (
    <>
      <PageHeader
        title={<DeploymentTitle deployment={d} prefix="Drift of" />}
        description={
          <span className="flex flex-wrap gap-x-4 gap-y-1">
            <span>
              Features of logged predictions compared with the data v{d.version} was trained on.
            </span>
            {reference ? (
              <span>
                Reference: {reference.rowCount.toLocaleString("en-US")} rows, uploaded{" "}
                <RelativeTime value={reference.updatedAt} />
              </span>
            ) : null}
          </span>
        }
      />
      <Suspense>
        <DriftView deploymentId={d.id} slug={d.model} version={d.version} reference={reference} />
      </Suspense>
    </>
  );
}
