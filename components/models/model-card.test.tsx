import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ModelCard } from "./model-card";

describe("ModelCard", () => {
  it("renders markdown and GitHub tables", () => {
    const html = renderToStaticMarkup(
      <ModelCard markdown={"# Title\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n**bold**"} />,
    );
    expect(html).toContain('<h3 class="text-base font-semibold">Title</h3>');
    expect(html).toContain("<table>");
    expect(html).toContain("<strong>bold</strong>");
  });

  it("renders no script, no event handlers and no javascript: links", () => {
    const html = renderToStaticMarkup(
      <ModelCard
        markdown={[
          "<script>alert(1)</script>",
          '<img src="x" onerror="alert(2)">',
          "[click](javascript:alert(3))",
          '<a href="#" onclick="alert(4)">x</a>',
          "![img](data:text/html;base64,PHNjcmlwdD4=)",
        ].join("\n\n")}
      />,
    );
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/onerror|onclick/i);
    expect(html).not.toMatch(/javascript:/i);
    expect(html).not.toMatch(/<img[^>]+data:text\/html/i);
  });
});
