import { execFile } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { ESLint } from "eslint";
import * as prettier from "prettier";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The lint configuration is code too: this checks that `npm run lint` (and lint:format)
// fail on what the issue says they must fail on, naming the rule, and pass a clean file.
// ESLint and Prettier get the source as text with a path inside the repo, so nothing is
// written for them; knip needs files on disk, so it gets a throwaway script and module
// under scripts/ that are removed afterwards.

const root = path.resolve(__dirname, "..");
const eslint = new ESLint({ cwd: root });

async function lint(filePath: string, code: string) {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, filePath) });
  return result.messages.map((m) => ({ rule: m.ruleId, message: m.message }));
}

// knip takes the longest (it reads the whole project), so it starts first, on throwaway files
// that are written before and removed after all tests, and runs while ESLint is checked.
const probeName = `lint-probe-${process.pid}`;
const probeEntry = path.join(root, "scripts", `${probeName}.ts`);
const probeDir = path.join(root, "scripts", "lib", probeName);
let knipRun: Promise<string>;

beforeAll(() => {
  mkdirSync(probeDir, { recursive: true });
  writeFileSync(
    path.join(probeDir, "probe.ts"),
    "export const usedProbe = 1;\n\nexport const unusedProbe = 2;\n",
  );
  writeFileSync(
    probeEntry,
    `import { usedProbe } from "./lib/${probeName}/probe";\n\nconsole.log(usedProbe);\n`,
  );
  const knip = path.join(root, "node_modules/knip/bin/knip.js");
  knipRun = promisify(execFile)(
    process.execPath,
    [knip, "--no-progress", "--no-config-hints", "--reporter", "json"],
    { cwd: root, maxBuffer: 16 * 1024 * 1024 },
  ).then(
    () => {
      throw new Error("knip found nothing, but the probe has an unused export");
    },
    // knip exits 1 when it finds something, which it must here.
    (e: { code?: number; stdout?: string }) => {
      if (e.code !== 1) throw e;
      return e.stdout ?? "";
    },
  );
  // Awaited by the knip test; this keeps an early failure from being reported as unhandled.
  knipRun.catch(() => {});
});

afterAll(async () => {
  await knipRun?.catch(() => {});
  rmSync(probeEntry, { force: true });
  rmSync(probeDir, { recursive: true, force: true });
});

async function ruleIds(filePath: string, code: string) {
  return (await lint(filePath, code)).map((m) => m.rule);
}

describe("ESLint import boundaries", () => {
  it("fails a page, a layout or a route handler that imports lib/db or lib/pg", async () => {
    const page = await lint(
      "app/(dashboard)/lint-probe/page.tsx",
      'import { db } from "@/lib/db";\n\nexport default async function Page() {\n  return <p>{await db.model.count()}</p>;\n}\n',
    );
    expect(page).toEqual([
      expect.objectContaining({
        rule: "no-restricted-imports",
        message: expect.stringContaining("through lib/services"),
      }),
    ]);
    expect(
      await ruleIds(
        "app/(dashboard)/lint-probe/layout.tsx",
        'import { db } from "../../../lib/db";\n\nexport const n = db;\n',
      ),
    ).toEqual(["no-restricted-imports"]);
    expect(
      await ruleIds(
        "app/api/v1/lint-probe/route.ts",
        'import { pool } from "@/lib/pg";\n\nexport const GET = () => pool();\n',
      ),
    ).toEqual(["no-restricted-imports"]);
  });

  it("fails a component that imports lib/db, or a service at run time, and allows `import type`", async () => {
    expect(
      await ruleIds(
        "components/lint-probe/probe.tsx",
        'import { db } from "@/lib/db";\n\nexport const n = db;\n',
      ),
    ).toEqual(["no-restricted-imports"]);
    expect(
      await ruleIds(
        "components/lint-probe/probe.tsx",
        'import { getReference } from "@/lib/services/drift";\n\nexport const load = getReference;\n',
      ),
    ).toEqual(["@typescript-eslint/no-restricted-imports"]);
    expect(
      await ruleIds(
        "components/lint-probe/probe.tsx",
        'import type { TargetDto } from "@/lib/services/targets";\n\nexport const name = (t: TargetDto) => t.name;\n',
      ),
    ).toEqual([]);
  });

  it("fails a component that imports an endpoint spec at run time, and allows its link", async () => {
    expect(
      await ruleIds(
        "components/lint-probe/probe.tsx",
        'import { modelEndpoints } from "@/lib/endpoints/models";\n\nexport const e = modelEndpoints.get;\n',
      ),
    ).toEqual(["@typescript-eslint/no-restricted-imports"]);
    expect(
      await ruleIds(
        "components/lint-probe/probe.tsx",
        'import { modelLinks } from "@/lib/endpoints/links";\nimport type { modelEndpoints } from "@/lib/endpoints/models";\n\nexport const e = modelLinks.get;\nexport type E = typeof modelEndpoints.get;\n',
      ),
    ).toEqual([]);
  });

  it("fails a service that imports lib/http, by alias or relative path", async () => {
    const service = 'export function probe() {\n  return notFound("Probe");\n}\n';
    expect(
      await ruleIds(
        "lib/services/lint-probe.ts",
        `import { notFound } from "@/lib/http/errors";\n\n${service}`,
      ),
    ).toEqual(["no-restricted-imports"]);
    expect(
      await ruleIds(
        "lib/services/alerts/lint-probe.ts",
        `import { notFound } from "../../http/errors";\n\n${service}`,
      ),
    ).toEqual(["no-restricted-imports"]);
  });

  it("keeps lib/schemas and lib/endpoints to shapes: no service, db or route wrapper", async () => {
    const probe = (source: string) => `import * as m from "${source}";\n\nexport const x = m;\n`;
    for (const source of [
      "@/lib/services/events",
      "../services/events",
      "@/lib/db",
      "@/lib/http/route",
    ]) {
      expect(await ruleIds("lib/schemas/lint-probe.ts", probe(source)), source).toEqual([
        "no-restricted-imports",
      ]);
    }
    expect(await ruleIds("lib/endpoints/lint-probe.ts", probe("@/lib/http/endpoint"))).toEqual([]);
    expect(await ruleIds("lib/endpoints/lint-probe.ts", probe("@/lib/schemas/models"))).toEqual([]);
  });

  it("keeps lib/stats and lib/charts pure", async () => {
    for (const source of [
      "@/lib/db",
      "@/lib/log",
      "@/lib/services/drift",
      "react",
      "node:fs",
      "../services/drift",
    ]) {
      expect(
        await ruleIds(
          "lib/charts/lint-probe.ts",
          `import * as m from "${source}";\n\nexport const x = m;\n`,
        ),
        source,
      ).toEqual(["no-restricted-imports"]);
    }
    const pure = [
      'import { z } from "zod";',
      'import erfc from "@stdlib/math-base-special-erfc";',
      'import { ks } from "../stats/drift";',
      'import { psi } from "@/lib/stats/drift";',
      'import { sketch } from "./sketch";',
    ].join("\n");
    expect(
      await ruleIds(
        "lib/stats/lint-probe.ts",
        `${pure}\n\nexport const x = [z, erfc, ks, psi, sketch];\n`,
      ),
    ).toEqual([]);
  });

  it("passes a clean page that goes through a service", async () => {
    const clean = [
      'import { listModels } from "@/lib/services/models";',
      "",
      "export default async function Page() {",
      "  const page = await listModels({ limit: 1 });",
      "  return <p>{page.items.length}</p>;",
      "}",
      "",
    ].join("\n");
    expect(await lint("app/(dashboard)/lint-probe/page.tsx", clean)).toEqual([]);
  });
});

describe("ESLint habits", () => {
  it("fails a function with more than four positional parameters, outside lib/stats", async () => {
    const code =
      "export function f(a: number, b: number, c: number, d: number, e: number) {\n  return a + b + c + d + e;\n}\n";
    expect(await ruleIds("lib/services/lint-probe.ts", code)).toContain("max-params");
    expect(await ruleIds("lib/stats/lint-probe.ts", code)).not.toContain("max-params");
  });

  it("fails a read of process.env outside lib/env.ts", async () => {
    const code = "export const cost = Number(process.env.BCRYPT_COST ?? 12);\n";
    expect(await ruleIds("lib/services/lint-probe.ts", code)).toContain("no-restricted-properties");
    expect(await ruleIds("lib/env.ts", code)).not.toContain("no-restricted-properties");
  });
});

describe("prettier --check", () => {
  const file = "lib/lint-probe.ts";

  async function formatted(code: string) {
    const options = await prettier.resolveConfig(path.join(root, file));
    return prettier.check(code, { ...options, filepath: path.join(root, file) });
  }

  it("covers source files and fails an unformatted one", async () => {
    expect(
      (
        await prettier.getFileInfo(path.join(root, file), {
          ignorePath: path.join(root, ".prettierignore"),
        })
      ).ignored,
    ).toBe(false);
    expect(await formatted("export const probe = {a:1,b:'two'}\n")).toBe(false);
    expect(
      await formatted(`export const probe = "${"x".repeat(120)}" + "${"y".repeat(10)}";\n`),
    ).toBe(false);
    expect(await formatted('export const probe = { a: 1, b: "two" };\n')).toBe(true);
  });

  it("is what lint:format runs, and lint runs it and the unused-export check", () => {
    const { scripts } = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));
    expect(scripts["lint:format"]).toBe("prettier --check .");
    expect(scripts.lint).toContain("eslint --max-warnings 0 .");
    expect(scripts.lint).toContain("npm run lint:unused");
    expect(scripts["lint:unused"]).toMatch(/^knip /);
    expect(scripts.lint).toContain("npm run lint:format");
  });
});

describe("knip", () => {
  it("reports an unused export by name, and not the used one", async () => {
    const stdout = await knipRun;
    const report = JSON.parse(stdout) as {
      issues: { file: string; exports: { name: string }[] }[];
    };
    const probe = report.issues.find((i) => i.file === `scripts/lib/${probeName}/probe.ts`);
    expect(probe?.exports.map((e) => e.name)).toEqual(["unusedProbe"]);
  }, 60_000);
});
