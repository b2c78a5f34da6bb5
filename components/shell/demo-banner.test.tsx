import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { DemoBanner } from "./demo-banner";

describe("DemoBanner", () => {
  it("says, as a labelled note, that this is a demo with published passwords, not for real data", () => {
    const html = renderToStaticMarkup(<DemoBanner />);
    expect(html).toMatch(/^<div role="note" aria-label="Demo instance"/);
    expect(html).toContain("Demo instance");
    expect(html).toMatch(/passwords are published/);
    expect(html).toMatch(/real data/);
  });

  it("uses the warning colour tokens, so it follows light and dark mode", () => {
    const html = renderToStaticMarkup(<DemoBanner />);
    expect(html).toContain("bg-warn-bg");
    expect(html).toContain("text-warn");
  });
});
