import { type FieldChange, showValue } from "./diff";

/** What an audit summary line says about a change. */
export function changeSummary(changes: FieldChange[], before: unknown, after: unknown): string {
  if (before === null || before === undefined)
    return after
      ? `created with ${changes.length} field${changes.length === 1 ? "" : "s"}`
      : "no data";
  if (after === null || after === undefined) return "deleted";
  if (changes.length === 0) return "no field changed";
  const shown = changes.slice(0, 3).map((c) => c.path);
  return `changed ${shown.join(", ")}${changes.length > 3 ? ` and ${changes.length - 3} more` : ""}`;
}

/** One row per changed field, nested keys with dots: before → after. */
export function ChangeDiff({ changes }: { changes: FieldChange[] }) {
  if (changes.length === 0) return <p className="mt-2 text-xs text-muted">Nothing changed.</p>;
  return (
    <div
      className="mt-2 max-h-72 max-w-3xl overflow-auto rounded-md border border-border"
      tabIndex={0}
    >
      <table aria-label="What changed" className="w-full text-xs">
        <thead className="sticky top-0 bg-surface-2 text-left text-muted">
          <tr>
            <th className="px-2 py-1 font-medium">Field</th>
            <th className="px-2 py-1 font-medium">Before</th>
            <th className="px-2 py-1 font-medium">After</th>
          </tr>
        </thead>
        <tbody>
          {changes.map((c) => (
            <tr key={c.path} className="border-t border-border align-top">
              <td className="px-2 py-1 font-mono">{c.path}</td>
              <td className="max-w-64 break-words px-2 py-1 text-crit">
                {c.before === undefined ? (
                  <span className="text-muted">—</span>
                ) : (
                  <del className="decoration-1">{showValue(c.before)}</del>
                )}
              </td>
              <td className="max-w-64 break-words px-2 py-1 text-ok">
                {c.after === undefined ? (
                  <span className="text-muted">—</span>
                ) : (
                  <ins className="no-underline">{showValue(c.after)}</ins>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
