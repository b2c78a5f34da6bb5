import { apiKey } from "@/lib/client/api";
import { useApi } from "@/lib/client/hooks";
import { alertLinks, modelLinks, targetLinks } from "@/lib/endpoints/links";

// What the rules page and the new-rule form both read: the rules' cache key, and the models
// and targets a rule can be scoped to.

export const rulesKey = apiKey(alertLinks.listRules);

/** The model picker's choices: "All models", then each model by name with its slug. */
export function modelOptions(models: { slug: string; name: string }[] | undefined) {
  return [
    { value: "", label: "All models" },
    ...(models ?? []).map((m) => ({ value: m.slug, label: m.name, detail: m.slug })),
  ];
}

export function useModels(enabled = true) {
  return useApi(
    modelLinks.list,
    { query: { limit: 500 } },
    {
      select: (page) => page.items.map((m) => ({ slug: m.slug, name: m.name })),
      staleTime: 60_000,
      enabled,
    },
  );
}

/** The target picker's choices: "All targets", then each target by name with its environment. */
export function targetOptions(
  targets: { slug: string; name: string; environment: string }[] | undefined,
) {
  return [
    { value: "", label: "All targets" },
    ...(targets ?? []).map((t) => ({
      value: t.slug,
      label: t.name,
      detail: `${t.slug} · ${t.environment}`,
    })),
  ];
}

export function useTargets(enabled = true) {
  return useApi(
    targetLinks.list,
    { query: {} },
    {
      select: (page) =>
        page.items.map((t) => ({ slug: t.slug, name: t.name, environment: t.environment })),
      staleTime: 60_000,
      enabled,
    },
  );
}
