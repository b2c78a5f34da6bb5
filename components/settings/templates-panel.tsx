"use client";

import { useQueryClient } from "@tanstack/react-query";
import { ArrowDown, ArrowUp, Plus, Trash2 } from "lucide-react";
import { type FormEvent, useState } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Input, Select } from "@/components/ui/input";
import { TableSkeleton } from "@/components/ui/skeleton";
import { ApiError, type ApiBody, apiKey } from "@/lib/client/api";
import { useApi, useApiMutation } from "@/lib/client/hooks";
import { templateLinks } from "@/lib/endpoints/links";

const stages = [
  ["requirements", "Requirements"],
  ["preparation", "Preparation"],
  ["environment", "Environment"],
  ["cicd", "CI/CD"],
  ["monitoring", "Monitoring"],
] as const;

function RuleOptions({ rules }: { rules: { key: string; label: string }[] }) {
  return (
    <>
      <option value="">ticked by hand</option>
      {rules.map((r) => (
        <option key={r.key} value={r.key}>
          checks itself: {r.label}
        </option>
      ))}
    </>
  );
}

/** Admins edit the checklist every new version starts from. Existing versions keep theirs. */
export function TemplatesPanel() {
  const qc = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const templates = useApi(templateLinks.list, {});
  const done = {
    onSettled: () => qc.invalidateQueries({ queryKey: apiKey(templateLinks.list) }),
    onError: (e: Error) => setError(e.message),
    onMutate: () => setError(null),
  };
  const updateTemplate = useApiMutation(templateLinks.update, done);
  const update = (id: string, body: ApiBody<typeof templateLinks.update>) =>
    updateTemplate.mutate({ params: { id }, body });
  const remove = useApiMutation(templateLinks.remove, done);
  const create = useApiMutation(templateLinks.create, done);

  if (templates.isPending) return <TableSkeleton />;
  if (templates.isError)
    return (
      <p role="alert" className="text-sm text-crit">
        Could not load the templates: {templates.error.message}
      </p>
    );
  const { items, evidenceRules } = templates.data;

  function add(stage: ApiBody<typeof templateLinks.create>["stage"]) {
    return (e: FormEvent<HTMLFormElement>) => {
      e.preventDefault();
      const form = e.currentTarget;
      const f = new FormData(form);
      const body = {
        stage,
        title: String(f.get("title") ?? ""),
        required: f.get("required") === "on",
        evidenceRule: String(f.get("evidenceRule") ?? "") || null,
      };
      create.mutate(
        { body },
        {
          onSuccess: () => form.reset(),
          onError: (err) =>
            setError(
              err instanceof ApiError && err.errors.length
                ? err.errors.map((x) => `${x.path}: ${x.message}`).join("; ")
                : err.message,
            ),
        },
      );
    };
  }

  return (
    <div className="space-y-4">
      <p className="text-sm text-muted">
        New versions start from these items. Changes here leave the checklists of versions already
        registered as they are.
      </p>
      {error ? (
        <p role="alert" className="rounded-md bg-crit-bg px-3 py-2 text-sm text-crit">
          {error}
        </p>
      ) : null}
      {stages.map(([stage, title]) => {
        const list = items.filter((t) => t.stage === stage);
        return (
          <Card key={stage}>
            <CardHeader
              title={title}
              description={`${list.length} item${list.length === 1 ? "" : "s"}`}
            />
            <ul className="divide-y divide-border">
              {list.map((t, i) => (
                <li
                  key={t.id}
                  className="flex flex-wrap items-center gap-2 px-4 py-2 text-sm"
                  data-testid={`template-${t.key}`}
                >
                  <div className="flex flex-col">
                    <button
                      type="button"
                      aria-label={`Move “${t.title}” up`}
                      disabled={i === 0}
                      onClick={() => update(t.id, { position: i })}
                      className="text-muted hover:text-fg disabled:opacity-30"
                    >
                      <ArrowUp className="size-3.5" />
                    </button>
                    <button
                      type="button"
                      aria-label={`Move “${t.title}” down`}
                      disabled={i === list.length - 1}
                      onClick={() => update(t.id, { position: i + 2 })}
                      className="text-muted hover:text-fg disabled:opacity-30"
                    >
                      <ArrowDown className="size-3.5" />
                    </button>
                  </div>
                  <div className="min-w-0 flex-1">
                    <div>{t.title}</div>
                    <div className="font-mono text-[11px] text-muted">{t.key}</div>
                  </div>
                  <label className="flex items-center gap-1.5 text-xs">
                    <input
                      type="checkbox"
                      checked={t.required}
                      onChange={(e) => update(t.id, { required: e.target.checked })}
                      aria-label={`“${t.title}” is required`}
                    />
                    required
                  </label>
                  <Select
                    aria-label={`Evidence rule of “${t.title}”`}
                    value={t.evidenceRule ?? ""}
                    onChange={(e) => update(t.id, { evidenceRule: e.target.value || null })}
                    className="w-64 text-xs"
                  >
                    <RuleOptions rules={evidenceRules} />
                  </Select>
                  <button
                    type="button"
                    aria-label={`Remove “${t.title}”`}
                    onClick={() => {
                      if (confirm(`Remove “${t.title}” from the checklist of future versions?`))
                        remove.mutate({ params: { id: t.id } });
                    }}
                    className="rounded p-1 text-muted hover:bg-crit-bg hover:text-crit"
                  >
                    <Trash2 className="size-3.5" />
                  </button>
                </li>
              ))}
            </ul>
            <form
              onSubmit={add(stage)}
              className="flex flex-wrap items-center gap-2 border-t border-border px-4 py-2"
            >
              <Input
                name="title"
                placeholder="New item…"
                aria-label={`New ${title} item`}
                className="min-w-60 flex-1"
              />
              <Select
                name="evidenceRule"
                aria-label={`Evidence rule for the new ${title} item`}
                className="w-56 text-xs"
                defaultValue=""
              >
                <RuleOptions rules={evidenceRules} />
              </Select>
              <label className="flex items-center gap-1.5 text-xs">
                <input type="checkbox" name="required" defaultChecked /> required
              </label>
              <Button size="sm" type="submit" disabled={create.isPending}>
                <Plus className="size-3.5" aria-hidden /> Add
              </Button>
            </form>
          </Card>
        );
      })}
    </div>
  );
}
