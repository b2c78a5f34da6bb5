import type { ChecklistDto, ChecklistItemDto } from "@/lib/schemas/checklist";

// Where each thing that blocks production is fixed: the requirements form, the reference
// upload, the promotion form, or else the checklist item itself.

const gatedStages = ["requirements", "preparation", "environment", "cicd"];

export const checklistAnchor = (slug: string, n: number, key: string) =>
  `/models/${slug}/versions/${n}?tab=checklist#item-${key}`;

export const requirementsHref = (slug: string) => `/models/${slug}?edit=requirements`;

export const referenceHref = (slug: string, n: number) =>
  `/models/${slug}/versions/${n}#reference-data`;

/** The link that fixes an item, and what it says. */
export function fixOf(
  item: Pick<ChecklistItemDto, "key" | "evidenceRule">,
  slug: string,
  n: number,
): { href: string; action: string } {
  const rule = item.evidenceRule ?? "";
  if (rule.startsWith("requirements.") || rule === "version.metrics_meet_requirements")
    return { href: requirementsHref(slug), action: "Edit the requirements" };
  if (rule === "monitoring.reference_uploaded")
    return { href: referenceHref(slug, n), action: "Upload reference data" };
  if (rule === "environment.fitting_target")
    return { href: `/models/${slug}/versions/${n}?tab=promotions`, action: "Pick a target" };
  return { href: checklistAnchor(slug, n, item.key), action: "Open the item" };
}

/** Required items of stages 1–4 not done (ticked by hand) and evidence not shown yet. */
export function openWork(checklist: ChecklistDto) {
  const items = checklist.stages.flatMap((s) => s.items);
  const open = items.filter((i) => i.required && !i.done);
  return {
    items: open.filter((i) => !i.evidenceRule && gatedStages.includes(i.stage)),
    evidence: open.filter((i) => i.evidenceRule),
    later: open.filter((i) => !i.evidenceRule && !gatedStages.includes(i.stage)),
  };
}

/** How many required items of stages 1–4 are open: what the checklist gate counts. */
export const openRequired = (checklist: ChecklistDto) =>
  checklist.stages
    .filter((s) => gatedStages.includes(s.stage))
    .flatMap((s) => s.items)
    .filter((i) => i.required && !i.done).length;

type Fit = {
  environment: string;
  fits: boolean;
  pendingPromotionId: string | null;
};

/** The targets a version is headed for: those it waits on first, then production, fitting first. */
export function intended<F extends Fit>(fits: F[]): F[] {
  const pending = fits.filter((f) => f.pendingPromotionId);
  const production = fits
    .filter((f) => f.environment === "production" && !f.pendingPromotionId)
    .sort((a, b) => Number(b.fits) - Number(a.fits));
  return [...pending, ...production];
}
