import { FilterActions } from "@/components/ui/filter-actions";
import { Input, Select } from "@/components/ui/input";

// The audit log's filters: a plain GET form, so the filter state lives in the URL.

const entityTypes = [
  "model",
  "model_version",
  "checklist_item",
  "deployment_target",
  "deployment",
  "promotion",
  "alert_rule",
  "webhook",
  "user",
  "api_token",
];

export function AuditFilters({
  entity,
  actor,
  action,
  days,
  filtered,
}: {
  entity?: string;
  actor?: string;
  action?: string;
  /** The form's whole UTC days (YYYY-MM-DD), as the visitor typed them. */
  days: { from?: string; to?: string };
  filtered: boolean;
}) {
  return (
    <form className="mb-3 flex flex-wrap items-center gap-2" role="search">
      <Select
        name="entity"
        defaultValue={entity?.split(":")[0] ?? ""}
        aria-label="Entity type"
        className="w-48"
      >
        <option value="">All entities</option>
        {entityTypes.map((t) => (
          <option key={t} value={t}>
            {t.replace("_", " ")}
          </option>
        ))}
      </Select>
      <Input
        name="actor"
        defaultValue={actor}
        placeholder="Actor email"
        aria-label="Actor"
        className="w-56"
      />
      <Input
        name="action"
        defaultValue={action}
        placeholder="Action, e.g. promotion."
        aria-label="Action"
        className="w-48"
      />
      <label className="flex items-center gap-1.5 text-xs text-muted">
        From
        <Input type="date" name="from" defaultValue={days.from} className="w-36" />
      </label>
      <label className="flex items-center gap-1.5 text-xs text-muted">
        to
        <Input type="date" name="to" defaultValue={days.to} className="w-36" />
      </label>
      <FilterActions clearHref="/audit" showClear={filtered} />
    </form>
  );
}
