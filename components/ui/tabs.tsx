"use client";

import Link from "next/link";
import type { KeyboardEvent, MouseEvent, ReactNode } from "react";
import { cn } from "@/lib/cn";

// The underlined tab strip of a page's sections. Each tab is a link to its own URL, so the
// strip is a <nav> of links marked aria-current="page" (the WAI-ARIA pattern for navigation),
// not a tablist: a tablist switches panels within one page and would take away what links
// give (open in a new tab, copy the address, Back). Arrow keys, Home and End move between the
// tabs as they would in a tablist.

export interface TabItem {
  key: string;
  href: string;
  label: ReactNode;
  current: boolean;
  /** For tabs that change the URL without a navigation (history.pushState). */
  onClick?: (e: MouseEvent<HTMLAnchorElement>) => void;
}

const moves: Record<string, (i: number, n: number) => number> = {
  ArrowRight: (i, n) => (i + 1) % n,
  ArrowLeft: (i, n) => (i - 1 + n) % n,
  Home: () => 0,
  End: (_, n) => n - 1,
};

function onArrow(e: KeyboardEvent<HTMLElement>) {
  const move = moves[e.key];
  if (!move) return;
  const links = Array.from(e.currentTarget.querySelectorAll<HTMLAnchorElement>("a[href]"));
  const at = links.indexOf(document.activeElement as HTMLAnchorElement);
  if (at < 0) return;
  e.preventDefault();
  links[move(at, links.length)]?.focus();
}

export function Tabs({
  label,
  items,
  className,
}: {
  label: string;
  items: TabItem[];
  className?: string;
}) {
  return (
    <nav
      aria-label={label}
      onKeyDown={onArrow}
      className={cn("flex flex-wrap gap-1 border-b border-border", className)}
    >
      {items.map((t) => (
        <Link
          key={t.key}
          href={t.href}
          onClick={t.onClick}
          aria-current={t.current ? "page" : undefined}
          className={cn(
            "-mb-px border-b-2 px-3 py-2 text-sm focus-visible:outline-2 focus-visible:outline-ring",
            t.current
              ? "border-accent font-medium text-fg"
              : "border-transparent text-muted hover:text-fg",
          )}
        >
          {t.label}
        </Link>
      ))}
    </nav>
  );
}
