import { readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// A guard for newcomers: every dashboard page, and every generateMetadata, asks
// requirePrincipal itself before it reads anything (a layout's check is not enough: Next
// can render a page without its layout). The HTTP proof is e2e/api/access.spec.ts.

function pages(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return pages(full);
    return name === "page.tsx" ? [full] : [];
  });
}

describe("dashboard pages authorize themselves", () => {
  const files = pages(path.join("app", "(dashboard)"));

  it("finds the pages", () => expect(files.length).toBeGreaterThanOrEqual(20));

  it.each(files)("%s calls requirePrincipal in the page and in generateMetadata", (file) => {
    const source = readFileSync(file, "utf8");
    const page = /export default (async )?function \w*\([^)]*\)[^{]*\{\s*(const \w+ = )?await requirePrincipal\(/;
    expect(source, "the page's first statement is `await requirePrincipal(…)`").toMatch(page);
    if (source.includes("generateMetadata")) {
      expect(source).toMatch(/export async function generateMetadata\([^)]*\)[^{]*\{\s*await requirePrincipal\(/);
    }
  });
});
