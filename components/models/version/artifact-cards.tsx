import { Card, CardHeader } from "@/components/ui/card";
import { formatBytes } from "@/lib/format";
import type { VersionDto } from "@/lib/schemas/versions";
import { EditVersionDetails } from "./edit-details";
import { Fact } from "./fact";

/**
 * What the version is: where its artifact lives, the image serving it, its format, size and
 * checksum. `edit` is given to editors: whether the details are frozen, and why.
 */
export function ArtifactCard({ v, edit }: { v: VersionDto; edit?: { frozen: string | null } }) {
  return (
    <Card>
      <CardHeader
        title="Artifact"
        actions={edit ? <EditVersionDetails v={v} frozen={edit.frozen} /> : null}
      />
      <dl className="px-4 py-2">
        <Fact label="URI" mono>
          {v.artifactUri}
        </Fact>
        <Fact label="Image" mono>
          {v.image}
        </Fact>
        <Fact label="Format">{v.format}</Fact>
        <Fact label="Size">{v.sizeBytes !== null ? formatBytes(v.sizeBytes) : null}</Fact>
        <Fact label="SHA-256" mono>
          {v.sha256}
        </Fact>
      </dl>
    </Card>
  );
}

/** Where the version came from: data, commit, run, author and training parameters. */
export function LineageCard({ v }: { v: VersionDto }) {
  return (
    <Card>
      <CardHeader title="Lineage" description="Where this version came from." />
      <dl className="px-4 py-2">
        <Fact label="Training data">{v.trainingData}</Fact>
        <Fact label="Git commit" mono>
          {v.gitCommit}
        </Fact>
        <Fact label="Run">
          {v.runUrl ? (
            <a
              href={v.runUrl}
              rel="noopener noreferrer nofollow"
              target="_blank"
              className="text-accent hover:underline"
            >
              {v.runUrl}
            </a>
          ) : null}
        </Fact>
        <Fact label="Created by">
          {v.createdBy ? `${v.createdBy.name} (${v.createdBy.email})` : null}
        </Fact>
        {v.params ? (
          <Fact label="Parameters">
            <pre
              tabIndex={0}
              className="max-h-40 overflow-auto rounded bg-surface-2 p-2 text-[11px]"
            >
              {JSON.stringify(v.params, null, 2)}
            </pre>
          </Fact>
        ) : null}
      </dl>
    </Card>
  );
}
