import Link from "next/link";
import type { ChecklistDto, ChecklistItemDto } from "@/lib/schemas/checklist";
import { checklistAnchor, fixOf, openWork } from "./readiness-links";

const stageNames: Record<string, string> = {
  requirements: "Requirements",
  preparation: "Preparation",
  environment: "Environment",
  cicd: "CI/CD",
  monitoring: "Monitoring",
};

function Group({
  title,
  hint,
  items,
  link,
}: {
  title: string;
  hint: string;
  items: ChecklistItemDto[];
  link: (i: ChecklistItemDto) => { href: string; action: string };
}) {
  if (items.length === 0) return null;
  return (
    <div>
      <h3 className="text-xs font-medium">
        {title} <span className="font-normal text-muted">({items.length})</span>
      </h3>
      <p className="mb-1 text-xs text-muted">{hint}</p>
      <ul className="space-y-1 text-sm" aria-label={title}>
        {items.map((i) => {
          const fix = link(i);
          return (
            <li key={i.id} className="flex flex-wrap items-baseline gap-x-2">
              <Link href={fix.href} className="text-accent hover:underline">
                {i.title}
              </Link>
              <span className="text-xs text-muted">
                {stageNames[i.stage] ?? i.stage}
                {i.evidence ? ` · ${i.evidence.reason}` : ""} · {fix.action}
              </span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

/** The checklist's open required work, each item linked to where it is done. */
export function ReadinessItems({
  slug,
  n,
  checklist,
}: {
  slug: string;
  n: number;
  checklist: ChecklistDto;
}) {
  const work = openWork(checklist);
  if (!work.items.length && !work.evidence.length && !work.later.length)
    return (
      <p className="text-sm text-muted">
        Every required checklist item is done and all evidence is in.
      </p>
    );
  const anchor = (i: ChecklistItemDto) => ({
    href: checklistAnchor(slug, n, i.key),
    action: "tick it on the checklist",
  });
  return (
    <div className="space-y-3">
      <Group
        title="Open required checklist items"
        hint="Ticked by hand on the checklist; stages 1–4 block a promotion."
        items={work.items}
        link={anchor}
      />
      <Group
        title="Missing evidence"
        hint="These check themselves from what Modelgate holds: fix the cause, they turn green."
        items={work.evidence}
        link={(i) => fixOf(i, slug, n)}
      />
      <Group
        title="Monitoring items still open"
        hint="Advisory: they can be finished after the deployment."
        items={work.later}
        link={anchor}
      />
    </div>
  );
}
