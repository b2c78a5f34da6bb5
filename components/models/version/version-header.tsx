import { Badge, StageBadge } from "@/components/ui/badge";
import { PageHeader } from "@/components/ui/page-header";
import { Progress } from "@/components/ui/progress";
import { RelativeTime } from "@/components/ui/relative-time";
import type { VersionDto } from "@/lib/schemas/versions";

/** The version's title (model, number, stage) and its standing: author, checklist, requirements. */
export function VersionHeader({
  modelName,
  v,
  progress,
}: {
  modelName: string;
  v: VersionDto;
  progress: { done: number; total: number };
}) {
  const failed = v.requirementChecks.filter((c) => !c.passed).length;
  return (
    <PageHeader
      title={
        <span className="flex flex-wrap items-center gap-x-2 gap-y-1">
          {modelName} <span className="font-mono text-muted">v{v.version}</span>{" "}
          <StageBadge stage={v.stage} />
        </span>
      }
      description={
        <span className="flex flex-wrap items-center gap-x-4 gap-y-1">
          <span>
            Registered <RelativeTime value={v.createdAt} /> by {v.createdBy?.name ?? "a pipeline"}
          </span>
          <span className="flex items-center gap-2">
            Checklist{" "}
            <Progress done={progress.done} total={progress.total} label="Checklist progress" />
          </span>
          {v.requirementChecks.length ? (
            failed ? (
              <Badge tone="crit">
                {failed} requirement check{failed > 1 ? "s" : ""} failing
              </Badge>
            ) : (
              <Badge tone="ok">meets the requirements</Badge>
            )
          ) : null}
        </span>
      }
    />
  );
}
