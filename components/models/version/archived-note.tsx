import { Undo2 } from "lucide-react";
import Link from "next/link";
import { RelativeTime } from "@/components/ui/relative-time";
import type { rollbackOfVersion } from "@/lib/services/deployments";

type Rollback = NonNullable<Awaited<ReturnType<typeof rollbackOfVersion>>>;

/** On an archived version: the rollback that took it off its target, why, and what replaced it. */
export function ArchivedNote({ slug, rollback: r }: { slug: string; rollback: Rollback }) {
  return (
    <div
      role="note"
      aria-label="Why this version is archived"
      className="mb-4 flex gap-2.5 rounded-md border border-warn/40 bg-warn-bg px-3 py-2 text-sm"
    >
      <Undo2 className="mt-0.5 size-4 shrink-0 text-warn" aria-hidden />
      <p>
        Rolled back on{" "}
        <Link href={`/targets/${r.target.slug}`} className="font-medium hover:underline">
          {r.target.name}
        </Link>{" "}
        <RelativeTime value={r.at} />
        {r.by ? ` by ${r.by}` : ""}
        {r.reason ? (
          <>
            : “<span className="text-fg">{r.reason}</span>”
          </>
        ) : null}
        .{" "}
        {r.replacedBy ? (
          <>
            Replaced by{" "}
            <Link
              href={`/models/${slug}/versions/${r.replacedBy.version}`}
              className="font-mono text-accent hover:underline"
            >
              v{r.replacedBy.version}
            </Link>{" "}
            (
            <Link
              href={`/deployments/${r.replacedBy.deploymentId}`}
              className="text-accent hover:underline"
            >
              its deployment
            </Link>
            ).
          </>
        ) : null}
      </p>
    </div>
  );
}
