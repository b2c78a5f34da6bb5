import { z } from "zod";
import type { FieldError } from "@/lib/client/api";
import { numeric, text } from "@/lib/client/form";
import { type DriftConfig, driftConfig } from "@/lib/schemas/drift";

// The drift settings form without React: the API's driftConfig as inputs (blank = the
// default), checked with the API's own field schemas, and per-feature settings as table rows.
// The API keys features by name (`features.temp_max.threshold`); the form keys rows by index
// (`features.2.threshold`), so server errors are moved onto their row.

export interface FeatureRow {
  name: string;
  method: string;
  threshold: string;
}

export interface DriftValues {
  method: string;
  threshold: string;
  driftShare: string;
  features: FeatureRow[];
}

const str = (v: number | string | undefined) => (v === undefined ? "" : String(v));

/** The stored settings as the form's inputs. */
export function driftValues(config: DriftConfig | null): DriftValues {
  return {
    method: config?.method ?? "",
    threshold: str(config?.threshold),
    driftShare: str(config?.driftShare),
    features: Object.entries(config?.features ?? {}).map(([name, f]) => ({
      name,
      method: f.method ?? "",
      threshold: str(f.threshold),
    })),
  };
}

const { shape } = driftConfig;
const perFeature = shape.features.unwrap().valueType.shape;

const row = z.object({
  name: z.string().trim().min(1, "is required").max(200, "at most 200 characters"),
  method: text(perFeature.method, true),
  threshold: numeric(perFeature.threshold, true),
});

/** Each feature once, and each row saying something: an empty row is a forgotten one. */
function checkRows(rows: z.output<typeof row>[], ctx: z.RefinementCtx) {
  const seen = new Set<string>();
  rows.forEach((r, i) => {
    if (seen.has(r.name))
      ctx.addIssue({ code: "custom", path: [i, "name"], message: "is already in the table" });
    seen.add(r.name);
    if (r.method === undefined && r.threshold === undefined)
      ctx.addIssue({
        code: "custom",
        path: [i, "method"],
        message: "set a method or a threshold, or remove the row",
      });
  });
}

/** The form's schema: its inputs in, the PUT body out (defaults left out, not sent as null). */
export const driftForm = z
  .object({
    method: text(shape.method, true),
    threshold: numeric(shape.threshold, true),
    driftShare: numeric(shape.driftShare, true),
    features: z.array(row).superRefine(checkRows),
  })
  .transform(({ features, ...rest }): DriftConfig => {
    const body: DriftConfig = Object.fromEntries(
      Object.entries(rest).filter(([, v]) => v !== undefined),
    );
    if (features.length)
      body.features = Object.fromEntries(
        features.map(({ name, method, threshold }) => [
          name,
          { ...(method ? { method } : {}), ...(threshold !== undefined ? { threshold } : {}) },
        ]),
      );
    return body;
  }) as unknown as z.ZodType<DriftConfig, DriftValues>;

/**
 * The API's errors with each per-feature path moved onto its row:
 * `features.temp_max.threshold` becomes `features.2.threshold` when temp_max is the third row.
 * Feature names may contain dots, so the longest row name that fits is taken.
 */
export function onRows(errors: FieldError[], rows: FeatureRow[]): FieldError[] {
  const names = rows.map((r, i) => ({ name: r.name.trim(), i }));
  names.sort((a, b) => b.name.length - a.name.length);
  return errors.map((e) => {
    if (!e.path.startsWith("features.")) return e;
    const rest = e.path.slice("features.".length);
    const hit = names.find(({ name }) => rest === name || rest.startsWith(`${name}.`));
    if (!hit) return e;
    const field = rest.slice(hit.name.length + 1) || "name";
    return { ...e, path: `features.${hit.i}.${field}` };
  });
}
