"use client";

import { SearchX } from "lucide-react";
import { useState } from "react";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/input";
import { type ApiOperation, ApiOperationCard } from "./api-operation";

/** The API reference's operations by tag, narrowed as you type (path, summary, method, tag). */
export function ApiReference({ operations }: { operations: ApiOperation[] }) {
  const [query, setQuery] = useState("");
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const shown = operations.filter((op) => {
    const text = `${op.method} ${op.path} ${op.summary} ${op.tag}`.toLowerCase();
    return words.every((w) => text.includes(w));
  });
  const tags = [...new Set(shown.map((o) => o.tag))];
  return (
    <div className="grid gap-6 lg:grid-cols-[180px_1fr]">
      <nav aria-label="API sections" className="hidden lg:block">
        <ul className="sticky top-16 space-y-1 text-sm">
          {tags.map((t) => (
            <li key={t}>
              <a href={`#${t}`} className="text-muted hover:text-fg">
                {t}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <div className="min-w-0 space-y-8">
        <div>
          <Input
            type="search"
            aria-label="Search operations"
            placeholder="Search by path or summary, e.g. checklist, POST versions"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            className="max-w-md"
          />
          <p className="mt-1 text-xs text-muted" aria-live="polite">
            {words.length ? `${shown.length} of ${operations.length} operations` : null}
          </p>
        </div>
        {shown.length === 0 ? (
          <EmptyState icon={SearchX} title="No operation matches">
            Try a part of a path (versions, checklist) or a verb (GET, POST).
          </EmptyState>
        ) : null}
        {tags.map((tag) => (
          <section key={tag} id={tag} aria-labelledby={`h-${tag}`}>
            <h2 id={`h-${tag}`} className="mb-3 text-base font-semibold">
              {tag}
            </h2>
            <div className="space-y-3">
              {shown
                .filter((o) => o.tag === tag)
                .map((op) => (
                  <ApiOperationCard key={`${op.method} ${op.path}`} op={op} />
                ))}
            </div>
          </section>
        ))}
      </div>
    </div>
  );
}
