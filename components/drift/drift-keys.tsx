import { RequirementKey } from "@/components/charts/requirement-key";
import { formatScore } from "@/lib/charts/drift";

/** The key to a chart's threshold line and drifted shading, for its card header. */
export function ThresholdKey({ threshold, what }: { threshold: string; what: string }) {
  return (
    <span className="flex flex-wrap items-center justify-end gap-x-3 gap-y-1 text-xs">
      <RequirementKey>{threshold}</RequirementKey>
      <span className="flex items-center gap-1.5 whitespace-nowrap text-muted">
        <span aria-hidden className="inline-block h-3 w-3 rounded-sm bg-crit/15" />
        {what}
      </span>
    </span>
  );
}

export const scoreFormat = (v: number) => formatScore(v);
