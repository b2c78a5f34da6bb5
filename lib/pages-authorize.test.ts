import { readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// A guard for newcomers: every dashboard page, and every generateMetadata, asks
// requirePrincipal itself before it reads anything (a layout's check is not enough: Next
// can render a page without its layout). The HTTP proof is e2e/api/access.spec.ts.

function pages(dir: string, file = "page.tsx"): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return pages(full, file);
    return name === file ? [full] : [];
  });
}

describe("dashboard pages authorize themselves", () => {
  const files = pages(path.join("app", "(dashboard)"));

  it("finds the pages", () => expect(files.length).toBeGreaterThanOrEqual(20));

  it.each(files)("%s calls requirePrincipal in the page and in generateMetadata", (file) => {
    const source = readFileSync(file, "utf8");
    const page =
      /export default (async )?function \w*\([^)]*\)[^{]*\{\s*(const \w+ = )?await requirePrincipal\(/;
    expect(source, "the page's first statement is `await requirePrincipal(…)`").toMatch(page);
    if (source.includes("generateMetadata")) {
      expect(source).toMatch(
        /export async function generateMetadata\([^)]*\)[^{]*\{\s*await requirePrincipal\(/,
      );
    }
  });
});

describe("dashboard layouts that read data authorize themselves", () => {
  // A layout shared by pages (deployments/[id]/layout.tsx) reads what they have in common;
  // that read is no safer than a page's.
  const files = pages(path.join("app", "(dashboard)"), "layout.tsx").filter((f) =>
    /@\/lib\/(services|db|pg)\b/.test(readFileSync(f, "utf8")),
  );

  it("finds the deployment layout", () =>
    expect(files).toContain(path.join("app", "(dashboard)", "deployments", "[id]", "layout.tsx")));

  // The dashboard's own layout asks currentPrincipal and redirects to the sign-in page.
  it.each(files)("%s asks for the principal before it reads", (file) => {
    const source = readFileSync(file, "utf8");
    expect(source).toMatch(
      /export default async function \w*\([^)]*\)[^{]*\{\s*(const \w+ = )?await (requirePrincipal|currentPrincipal)\(/,
    );
  });
});
