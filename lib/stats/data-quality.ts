// Data quality of one feature in a batch of traffic, against its reference profile (drift.ts):
// the shares of values that are missing, of the wrong type, outside the reference range
// (numerical features) or never seen in the reference (categorical features). Pure; a
// monitoring job stores the result per feature and alerts on worstQuality.
//
// Decisions:
// - Missing: null, undefined, NaN and the empty string "" (a client that drops a field often
//   sends ""). Everything else is present and falls into exactly one of valid or wrong type.
// - Wrong type, numerical feature: anything present that is not a finite number — a string that
//   would parse as a number ("3.2") included, since the model server received a string, and
//   ±Infinity, which no reference value can be (drift.ts keeps only finite numbers).
// - Wrong type, categorical feature: an object or array (anything but a string, number or
//   boolean); a number where the reference had strings is a valid value, simply unseen.
// - Out of range: a valid number below the reference min or above its max.
// - Unseen: a valid category not among the reference categories, keyed as drift.ts keys them
//   (countCategories: by the value itself, so 1 and "1" differ).
// - Every share is of `count`, all values including the missing ones; an empty batch has all
//   shares 0. A reference without any value has no range and no categories: outOfRange and
//   unseen are then null rather than flagging every value.

import {
  countCategories,
  isMissing,
  type Category,
  type ReferenceProfile,
  type Value,
} from "./drift";

export interface FeatureQuality {
  /** Values in the batch, missing ones included. */
  count: number;
  /** Shares of count, 0..1. */
  missing: number;
  wrongType: number;
  /** Numerical features only (null for categorical ones or an empty reference). */
  outOfRange: number | null;
  /** Categorical features only (null for numerical ones or an empty reference). */
  unseen: number | null;
}

const isAbsent = (v: unknown) => v === "" || isMissing(v as Value);

const isCategory = (v: unknown): v is Category =>
  typeof v === "string" || typeof v === "number" || typeof v === "boolean";

/** Quality shares of one feature's values against its reference profile. */
export function featureQuality(
  profile: ReferenceProfile,
  values: ArrayLike<Value | unknown>,
): FeatureQuality {
  const count = values.length;
  const share = (k: number) => (count ? k / count : 0);
  let missing = 0;
  let wrongType = 0;
  if (profile.kind === "numerical") {
    let outside = 0;
    for (let i = 0; i < count; i++) {
      const v = values[i];
      if (isAbsent(v)) missing++;
      else if (typeof v !== "number" || !Number.isFinite(v)) wrongType++;
      else if (v < profile.min || v > profile.max) outside++;
    }
    return {
      count,
      missing: share(missing),
      wrongType: share(wrongType),
      outOfRange: profile.count ? share(outside) : null,
      unseen: null,
    };
  }
  const valid: Category[] = [];
  for (let i = 0; i < count; i++) {
    const v = values[i];
    if (isAbsent(v)) missing++;
    else if (isCategory(v)) valid.push(v);
    else wrongType++;
  }
  const known = new Map(profile.categories);
  let unseen = 0;
  for (const [category, n] of countCategories(valid)) if (!known.has(category)) unseen += n;
  return {
    count,
    missing: share(missing),
    wrongType: share(wrongType),
    outOfRange: null,
    unseen: profile.count ? share(unseen) : null,
  };
}

/** The largest of the four shares: one number to hold against an alert threshold. */
export function worstQuality(q: FeatureQuality): number {
  return Math.max(q.missing, q.wrongType, q.outOfRange ?? 0, q.unseen ?? 0);
}
