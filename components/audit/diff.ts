// An audit event's change, field by field: nested keys flattened with dots, unchanged keys
// left out. Pure, so the table only draws.

export interface FieldChange {
  path: string;
  /** undefined: the field did not exist before (or the entity was created). */
  before: unknown;
  /** undefined: the field no longer exists (or the entity was deleted). */
  after: unknown;
}

/** Keys that change with every edit and say nothing about it. */
const NOISE = new Set(["updatedAt"]);

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

function flatten(value: unknown, prefix: string, out: Map<string, unknown>) {
  if (isObject(value) && Object.keys(value).length > 0) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (prefix) out.set(prefix, value);
}

/** The fields that differ between `before` and `after`, in the order they first appear. */
export function fieldChanges(before: unknown, after: unknown): FieldChange[] {
  const b = new Map<string, unknown>();
  const a = new Map<string, unknown>();
  flatten(before, "", b);
  flatten(after, "", a);
  const paths = [...new Set([...b.keys(), ...a.keys()])];
  return paths
    .filter((p) => !NOISE.has(p.split(".")[0]))
    .filter((p) => JSON.stringify(b.get(p)) !== JSON.stringify(a.get(p)))
    .map((p) => ({ path: p, before: b.get(p), after: a.get(p) }));
}

/** A value in one cell: strings as they are, the rest as JSON, absence as a dash. */
export function showValue(v: unknown): string {
  if (v === undefined) return "—";
  if (typeof v === "string") return v;
  return JSON.stringify(v);
}
