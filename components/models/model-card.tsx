import ReactMarkdown, { type Components } from "react-markdown";
import rehypeSanitize from "rehype-sanitize";
import remarkGfm from "remark-gfm";

// The card sits under the page's own h1 and the card's h2: its headings start at h3.
const shiftedHeadings: Components = {
  h1: ({ children }) => <h3 className="text-base font-semibold">{children}</h3>,
  h2: ({ children }) => <h4 className="mt-4 text-sm font-semibold">{children}</h4>,
  h3: ({ children }) => <h5 className="font-medium">{children}</h5>,
  h4: ({ children }) => <h6 className="font-medium">{children}</h6>,
};

// A model card in markdown, rendered safely: react-markdown never renders raw HTML, and
// rehype-sanitize strips anything outside GitHub's safe subset (no script, no on* handlers,
// no javascript: links) in case a plugin ever lets HTML through.
export function ModelCard({ markdown }: { markdown: string }) {
  return (
    <div className="prose-card space-y-3 text-sm leading-relaxed [&_a]:text-accent [&_a]:underline [&_code]:rounded [&_code]:bg-surface-2 [&_code]:px-1 [&_code]:font-mono [&_code]:text-xs [&_h1]:text-base [&_h1]:font-semibold [&_h2]:mt-4 [&_h2]:text-sm [&_h2]:font-semibold [&_h3]:font-medium [&_li]:ml-5 [&_ol]:list-decimal [&_pre]:overflow-auto [&_pre]:rounded [&_pre]:bg-surface-2 [&_pre]:p-3 [&_table]:text-xs [&_td]:border [&_td]:border-border [&_td]:px-2 [&_th]:border [&_th]:border-border [&_th]:px-2 [&_ul]:list-disc">
      <ReactMarkdown
        remarkPlugins={[remarkGfm]}
        rehypePlugins={[rehypeSanitize]}
        components={shiftedHeadings}
      >
        {markdown}
      </ReactMarkdown>
    </div>
  );
}
