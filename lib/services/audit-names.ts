import { db } from "@/lib/db";

// What an audit event is about, by name and with a link, instead of an internal id. Resolved
// for a page of events at once: one query per entity type on the page. An entity deleted
// since has no name (the id is shown instead).

export interface EntityRef {
  name: string;
  href: string | null;
}

type Resolver = (ids: string[]) => Promise<[string, EntityRef][]>;

const version = { select: { version: true, model: { select: { slug: true, name: true } } } };
const versionHref = (v: { version: number; model: { slug: string } }) =>
  `/models/${v.model.slug}/versions/${v.version}`;

const resolvers: Record<string, Resolver> = {
  model: async (ids) =>
    (
      await db.model.findMany({
        where: { id: { in: ids } },
        select: { id: true, slug: true, name: true },
      })
    ).map((m) => [m.id, { name: m.name, href: `/models/${m.slug}` }]),
  model_version: async (ids) =>
    (
      await db.modelVersion.findMany({
        where: { id: { in: ids } },
        select: { id: true, ...version.select },
      })
    ).map((v) => [v.id, { name: `${v.model.name} v${v.version}`, href: versionHref(v) }]),
  deployment_target: async (ids) =>
    (
      await db.deploymentTarget.findMany({
        where: { id: { in: ids } },
        select: { id: true, slug: true, name: true },
      })
    ).map((t) => [t.id, { name: t.name, href: `/targets/${t.slug}` }]),
  deployment: async (ids) =>
    (
      await db.deployment.findMany({
        where: { id: { in: ids } },
        select: { id: true, version, target: { select: { name: true } } },
      })
    ).map((d) => [
      d.id,
      {
        name: `${d.version.model.name} v${d.version.version} on ${d.target.name}`,
        href: `/deployments/${d.id}`,
      },
    ]),
  promotion: async (ids) =>
    (
      await db.promotionRequest.findMany({
        where: { id: { in: ids } },
        select: { id: true, version, target: { select: { name: true } } },
      })
    ).map((p) => [
      p.id,
      {
        name: `${p.version.model.name} v${p.version.version} to ${p.target.name}`,
        href: `/promotions?view=all#promotion-${p.id}`,
      },
    ]),
  rollout: async (ids) =>
    (
      await db.rollout.findMany({
        where: { id: { in: ids } },
        select: { id: true, canary: { select: { version, target: { select: { name: true } } } } },
      })
    ).map((r) => [
      r.id,
      {
        name: `Canary of ${r.canary.version.model.name} v${r.canary.version.version} on ${r.canary.target.name}`,
        href: `/rollouts/${r.id}`,
      },
    ]),
  retraining_request: async (ids) =>
    (
      await db.retrainingRequest.findMany({
        where: { id: { in: ids } },
        select: { id: true, model: { select: { slug: true, name: true } } },
      })
    ).map((r) => [
      r.id,
      { name: `Retraining of ${r.model.name}`, href: `/models/${r.model.slug}#retraining-${r.id}` },
    ]),
  checklist_item: async (ids) =>
    (
      await db.checklistItem.findMany({
        where: { id: { in: ids } },
        select: { id: true, title: true, version },
      })
    ).map((i) => [
      i.id,
      {
        name: `${i.title} (${i.version.model.name} v${i.version.version})`,
        href: `${versionHref(i.version)}?tab=checklist`,
      },
    ]),
  checklist_template: async (ids) =>
    (
      await db.checklistTemplate.findMany({
        where: { id: { in: ids } },
        select: { id: true, title: true },
      })
    ).map((t) => [t.id, { name: t.title, href: "/settings/checklist" }]),
  alert_rule: async (ids) =>
    (
      await db.alertRule.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } })
    ).map((r) => [r.id, { name: r.name, href: "/alerts/rules" }]),
  alert: async (ids) =>
    (
      await db.alert.findMany({
        where: { id: { in: ids } },
        select: { id: true, ruleName: true, rule: { select: { name: true } } },
      })
    ).map((a) => [a.id, { name: a.rule?.name ?? a.ruleName ?? "alert", href: `/alerts/${a.id}` }]),
  user: async (ids) =>
    (await db.user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } })).map(
      (u) => [u.id, { name: u.name, href: `/settings/users#user-${u.id}` }],
    ),
  api_token: async (ids) =>
    (
      await db.apiToken.findMany({
        where: { id: { in: ids } },
        select: { id: true, name: true, prefix: true },
      })
    ).map((t) => [t.id, { name: `${t.name} (${t.prefix}…)`, href: "/settings/tokens" }]),
  webhook: async (ids) =>
    (
      await db.webhook.findMany({ where: { id: { in: ids } }, select: { id: true, url: true } })
    ).map((w) => [w.id, { name: w.url, href: "/settings/webhooks" }]),
};

/**
 * Names and links for the entities of a page of events, keyed "type:id". `may` says which
 * entity types are resolved (entries only admins may read keep their names from others).
 */
export async function resolveEntities(
  events: { entityType: string; entityId: string }[],
  may: (entityType: string) => boolean,
): Promise<Map<string, EntityRef>> {
  const byType = new Map<string, Set<string>>();
  for (const e of events) {
    if (!resolvers[e.entityType] || !may(e.entityType)) continue;
    const ids = byType.get(e.entityType) ?? byType.set(e.entityType, new Set()).get(e.entityType)!;
    ids.add(e.entityId);
  }
  const found = await Promise.all(
    [...byType].map(async ([type, ids]) =>
      (await resolvers[type]([...ids])).map(([id, ref]) => [`${type}:${id}`, ref] as const),
    ),
  );
  return new Map(found.flat());
}
