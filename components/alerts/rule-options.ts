import { type ApiQuery, type ApiResult, apiKey } from "@/lib/client/api";
import { useApi } from "@/lib/client/hooks";
import { alertEndpoints } from "@/lib/endpoints/alerts";
import { modelEndpoints } from "@/lib/endpoints/models";
import { deploymentEndpoints } from "@/lib/endpoints/promotions";

// What the rules page and the new-rule form both read: the rules' cache key, and the models
// and deployments a rule can be scoped to.

export type DeploymentOption = ApiResult<typeof deploymentEndpoints.list>["items"][number];

export const rulesKey = apiKey(alertEndpoints.listRules);

/** The model picker's choices: "All models", then each model by name with its slug. */
export function modelOptions(models: { slug: string; name: string }[] | undefined) {
  return [
    { value: "", label: "All models" },
    ...(models ?? []).map((m) => ({ value: m.slug, label: m.name, detail: m.slug })),
  ];
}

export function useModels(enabled = true) {
  return useApi(
    modelEndpoints.list,
    { query: { limit: 500 } },
    {
      select: (page) => page.items.map((m) => ({ slug: m.slug, name: m.name })),
      staleTime: 60_000,
      enabled,
    },
  );
}

export function useDeployments(
  query: Partial<ApiQuery<typeof deploymentEndpoints.list>>,
  enabled = true,
) {
  return useApi(
    deploymentEndpoints.list,
    { query: { limit: 500, ...query } },
    { select: (page) => page.items, staleTime: 60_000, enabled },
  );
}
