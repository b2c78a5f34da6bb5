import type { FieldValues, Path, UseFormSetError } from "react-hook-form";
import { z } from "zod";
import { ApiError } from "./api";

// Forms check their values with the API's own zod schemas. Inputs hold strings, so a form's
// schema wraps the API's fields with these readers instead of declaring the shape again.

/** A form's values for an API body: what its inputs hold (a checkbox a boolean, the rest strings). */
export type FormInputs<T> = {
  [K in keyof T]-?: NonNullable<T[K]> extends boolean
    ? boolean
    : NonNullable<T[K]> extends string | number | readonly unknown[]
      ? string
      : FormInputs<NonNullable<T[K]>>;
};

/** A text input as the API's value: trimmed; null when blank, or left out with `omitBlank`. */
export const text = <T extends z.ZodType>(schema: T, omitBlank = false) =>
  z.preprocess((v) => (typeof v === "string" ? v.trim() || blank(omitBlank) : v), schema);

/** A number input as the API's number; null when blank, or left out with `omitBlank`. */
export const numeric = <T extends z.ZodType>(schema: T, omitBlank = false) =>
  z.preprocess(
    (v) => (typeof v !== "string" ? v : v.trim() === "" ? blank(omitBlank) : Number(v)),
    schema,
  );

const blank = (omit: boolean) => (omit ? undefined : null);

/** A fraction (0–1) as the percent a form shows: 0.025 becomes "2.5"; "" when unset. */
export const asPercent = (v: number | null | undefined) =>
  v == null ? "" : String(Number((v * 100).toPrecision(12)));

/** A percent input (0–100) as the API's fraction (0–1): "2.5" becomes 0.025; null when blank. */
export const percent = <T extends z.ZodType>(schema: T) =>
  z.preprocess(
    (v) => (typeof v !== "string" ? v : v.trim() === "" ? null : Number(v)),
    z
      .number("must be a number")
      .min(0, "at least 0 %")
      .max(100, "at most 100 %")
      .nullable()
      .transform((v) => (v === null ? null : Number((v / 100).toPrecision(12))))
      .pipe(schema as unknown as z.ZodType<z.output<T>, number | null>),
  );

/** Comma-separated tags checked as the API's list; a bad tag is reported on the one field. */
export const commaList = <T extends z.ZodType>(schema: T) =>
  z.string().transform((v, ctx) => {
    const items = v
      .split(",")
      .map((t) => t.trim())
      .filter(Boolean);
    const checked = schema.safeParse(items);
    if (checked.success) return checked.data as z.output<T>;
    for (const issue of checked.error.issues) {
      const which = typeof issue.path[0] === "number" ? ` (tag ${issue.path[0] + 1})` : "";
      ctx.addIssue({ code: "custom", message: `${issue.message}${which}` });
    }
    return z.NEVER;
  });

/** A required number left blank says so, rather than "expected number, received null". */
export const formErrors = {
  error: (issue: { input?: unknown }) => (issue.input == null ? "is required" : undefined),
};

/**
 * A failed request's problem+json on the form: each error on the field named by its path (the
 * form's field names are the API's paths), focusing the first; the rest on `root`.
 */
export function showServerErrors<V extends FieldValues>(
  e: unknown,
  fields: readonly Path<V>[],
  setError: UseFormSetError<V>,
) {
  if (!(e instanceof ApiError))
    return setError("root", { message: "Could not reach Modelgate. Check your connection." });
  const loose = e.errors.length ? [] : [e.message];
  let focus = true;
  for (const { path, message } of e.errors) {
    const field = fields.find((f) => path === f || path.startsWith(`${f}.`));
    if (!field) {
      loose.push(path === "(root)" ? message : `${path}: ${message}`);
      continue;
    }
    const item = path.slice(field.length + 1);
    const which = /^\d+$/.test(item) ? ` (tag ${Number(item) + 1})` : "";
    setError(field, { message: `${message}${which}` }, { shouldFocus: focus });
    focus = false;
  }
  if (loose.length) setError("root", { message: loose.join("; ") });
}
