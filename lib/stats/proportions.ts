// The pooled two-proportion z-test, as statsmodels'
// `proportions_ztest([ka, kb], [na, nb], alternative)` computes it (no continuity correction),
// checked against SciPy's normal distribution in lib/stats/fixtures/canary-stats.json.

import { normalSf, normalTwoSided } from "./drift-math";
import type { Alternative } from "./mann-whitney";

export interface Proportion {
  successes: number;
  trials: number;
}

/**
 * z-test of p_a against p_b with the pooled variance: z = (p_a − p_b)/√(p(1 − p)(1/n_a + 1/n_b)),
 * p = (k_a + k_b)/(n_a + n_b); "greater" means p_a > p_b. When the pooled proportion is 0 or 1
 * both samples agree completely and the variance is 0 (statsmodels answers NaN): this returns
 * z = 0 and p = 1, no evidence of a difference. Throws a RangeError unless each sample has a
 * positive whole number of trials and a whole number of successes between 0 and trials.
 */
export function twoProportionZTest(
  a: Proportion,
  b: Proportion,
  alternative: Alternative,
): { z: number; pValue: number } {
  checkProportion(a, "a");
  checkProportion(b, "b");
  const pooled = (a.successes + b.successes) / (a.trials + b.trials);
  if (pooled === 0 || pooled === 1) return { z: 0, pValue: 1 };
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / a.trials + 1 / b.trials));
  const z = (a.successes / a.trials - b.successes / b.trials) / se;
  const pValue =
    alternative === "greater"
      ? normalSf(z)
      : alternative === "less"
        ? normalSf(-z)
        : normalTwoSided(z);
  return { z, pValue };
}

function checkProportion({ successes, trials }: Proportion, name: string) {
  if (!(Number.isInteger(trials) && trials > 0))
    throw new RangeError(
      `two-proportion test: ${name}.trials must be a positive integer, got ${trials}`,
    );
  if (!(Number.isInteger(successes) && successes >= 0 && successes <= trials))
    throw new RangeError(
      `two-proportion test: ${name}.successes must be an integer from 0 to ${trials}, got ${successes}`,
    );
}
