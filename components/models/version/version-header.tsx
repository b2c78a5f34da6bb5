import Link from "next/link";
import { Badge, StageBadge } from "@/components/ui/badge";
import { PageHeader } from "@/components/ui/page-header";
import { Progress } from "@/components/ui/progress";
import { RelativeTime } from "@/components/ui/relative-time";
import type { ChecklistDto } from "@/lib/schemas/checklist";
import type { VersionDto } from "@/lib/schemas/versions";
import { openRequired } from "./readiness-links";

/** The blocking gates that fail for the target the version is headed to (null: none chosen). */
export type GateStanding = { target: string; failed: string[] } | null;

/**
 * The version's standing in one pill: green only when its eval metrics meet the requirements
 * and no required checklist item of stages 1–4 is open; it links to what blocks production.
 */
function ReadinessPill({ v, open, gates }: { v: VersionDto; open: number; gates: GateStanding }) {
  const failed = v.requirementChecks.filter((c) => !c.passed).length;
  const blocked = gates?.failed.length ?? 0;
  if (!failed && !open && !blocked && !v.requirementChecks.length) return null;
  const [tone, text] = failed
    ? (["crit", `${failed} requirement check${failed > 1 ? "s" : ""} failing`] as const)
    : open
      ? (["warn", `${open} required item${open > 1 ? "s" : ""} open`] as const)
      : blocked
        ? ([
            "crit",
            `${blocked} gate${blocked > 1 ? "s fail" : " fails"} for ${gates!.target}: ${gates!.failed.join(", ")}`,
          ] as const)
        : (["ok", "meets the requirements"] as const);
  return (
    <Link
      href={`/models/${v.model}/versions/${v.version}#readiness`}
      data-testid="readiness-pill"
      className="rounded focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-accent"
      title="What blocks production"
    >
      <Badge tone={tone}>
        {text}
        {failed && open ? ` · ${open} required item${open > 1 ? "s" : ""} open` : ""}
      </Badge>
    </Link>
  );
}

/** The version's title (model, number, stage) and its standing: author, checklist, requirements. */
export function VersionHeader({
  modelName,
  v,
  checklist,
  gates,
}: {
  modelName: string;
  v: VersionDto;
  checklist: ChecklistDto;
  gates: GateStanding;
}) {
  const { progress } = checklist;
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
          <ReadinessPill v={v} open={openRequired(checklist)} gates={gates} />
        </span>
      }
    />
  );
}
