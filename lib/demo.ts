import { booleanish } from "@/lib/env";
import type { Role } from "@/lib/permissions";

// Whether this installation is a demo: demo data and demo accounts whose password is
// published in the README. Only the embedded database (`npm start` without DATABASE_URL)
// is a demo by default; on a real PostgreSQL it takes an explicit MODELGATE_DEMO=1.
// MODELGATE_DEMO=0 turns the demo off on the embedded database too.

export function shouldSeedDemo(env: Record<string, string | undefined>): boolean {
  const flag = env.MODELGATE_DEMO ?? "";
  if (flag === "") return !env.DATABASE_URL;
  const parsed = booleanish.safeParse(flag);
  if (!parsed.success) throw new Error(`MODELGATE_DEMO must be 1, 0, true or false, got "${flag}"`);
  return parsed.data;
}

/** The demo accounts' password, published in the README and on the sign-in page. */
export const DEMO_PASSWORD = "modelgate-demo";
/** One demo account per role: admin@modelgate.dev, approver@modelgate.dev, … */
export const demoEmail = (role: Role) => `${role}@modelgate.dev`;
