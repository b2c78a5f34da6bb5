// A mergeable quantile sketch with relative-error guarantees (the DDSketch idea: logarithmic
// buckets, Masson et al., VLDB 2019). Every quantile it answers is within ALPHA (1 %) of a
// value of the true rank. Buckets are keyed so PostgreSQL can build them in SQL (see
// SKETCH_KEY_SQL) when it rolls points up, and merging two sketches is adding counts, which
// is what turns per-minute rollups into per-hour ones and any bucket width on read.
//
// Keys: "p<i>" for a positive value v with i = ceil(log_gamma(v)), "n<i>" for a negative one
// (i of |v|), "z" for |v| below ZERO.

export const ALPHA = 0.01;
export const GAMMA = (1 + ALPHA) / (1 - ALPHA);
const LN_GAMMA = Math.log(GAMMA);
export const ZERO = 1e-9;

export type Sketch = Record<string, number>;

/**
 * The same buckets in SQL, as (sign, index) over a column `value`: grouping by two integers is
 * cheaper than building a text key per point, so the key text is built per group (from columns
 * `sg` and `i`), as is the representative value. Tested equal to keyOf() and valueOf().
 */
export const SKETCH_SIGN_SQL = `CASE WHEN value > ${ZERO} THEN 1 WHEN value < -${ZERO} THEN -1 ELSE 0 END`;
export const SKETCH_INDEX_SQL = `CASE WHEN value > ${ZERO} THEN ceil(ln(value) / ${LN_GAMMA})::int
  WHEN value < -${ZERO} THEN ceil(ln(-value) / ${LN_GAMMA})::int ELSE 0 END`;
export const SKETCH_KEY_SQL = `CASE sg WHEN 1 THEN 'p' || i WHEN -1 THEN 'n' || i ELSE 'z' END`;
export const SKETCH_VALUE_SQL = `(sg * 2 * power(${GAMMA}::float8, i) / (${GAMMA}::float8 + 1))`;

export function keyOf(v: number): string {
  if (v > ZERO) return `p${Math.ceil(Math.log(v) / LN_GAMMA)}`;
  if (v < -ZERO) return `n${Math.ceil(Math.log(-v) / LN_GAMMA)}`;
  return "z";
}

/** The representative value of a bucket: within ALPHA of every value it holds. */
export function valueOf(key: string): number {
  if (key === "z") return 0;
  const i = Number(key.slice(1));
  const v = (2 * GAMMA ** i) / (GAMMA + 1);
  return key[0] === "n" ? -v : v;
}

export function sketchOf(values: Iterable<number>): Sketch {
  const s: Sketch = {};
  for (const v of values) {
    const k = keyOf(v);
    s[k] = (s[k] ?? 0) + 1;
  }
  return s;
}

export function merge(into: Sketch, other: Sketch): Sketch {
  for (const [k, c] of Object.entries(other)) into[k] = (into[k] ?? 0) + Number(c);
  return into;
}

/** Buckets in ascending order of value. */
function ordered(s: Sketch): [string, number][] {
  return Object.entries(s)
    .map(([k, c]) => [k, Number(c)] as [string, number])
    .sort((a, b) => valueOf(a[0]) - valueOf(b[0]));
}

/**
 * Quantiles (each q in [0, 1]) by rank: the value of rank floor(q · (n − 1)), as numpy's
 * "lower" method. Clamped to [min, max] when those are known exactly.
 */
export function quantiles(
  s: Sketch,
  qs: number[],
  bounds?: { min: number; max: number },
): (number | null)[] {
  const buckets = ordered(s);
  const n = buckets.reduce((a, [, c]) => a + c, 0);
  if (n === 0) return qs.map(() => null);
  return qs.map((q) => {
    if (bounds && q >= 1) return bounds.max;
    if (bounds && q <= 0) return bounds.min;
    const rank = Math.floor(q * (n - 1));
    let seen = 0;
    for (const [k, c] of buckets) {
      seen += c;
      if (seen > rank) {
        const v = valueOf(k);
        return bounds ? Math.min(bounds.max, Math.max(bounds.min, v)) : v;
      }
    }
    return bounds?.max ?? valueOf(buckets[buckets.length - 1][0]);
  });
}
