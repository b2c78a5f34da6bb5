"use client";

import { LogOut, Menu, Moon, Sun, X } from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useTheme } from "next-themes";
import { type ReactNode, useCallback, useState, useSyncExternalStore } from "react";
import { Badge } from "@/components/ui/badge";
import { cn } from "@/lib/cn";
import type { ApiResult } from "@/lib/client/api";
import { useApi } from "@/lib/client/hooks";
import { systemLinks } from "@/lib/endpoints/links";
import { DemoBanner } from "./demo-banner";
import { docsItem, navItems } from "./nav";
import { ShortcutsDialog, useShortcuts } from "./shortcuts";

// next-auth's client (about 13 KB gzip) loads on the click: every dashboard page carries the
// button, few clicks use it.
const signOut = async () => (await import("next-auth/react")).signOut({ callbackUrl: "/login" });

interface ShellUser {
  name: string;
  email: string;
  role: string;
}

function ThemeToggle() {
  const { resolvedTheme, setTheme } = useTheme();
  // The theme is only known in the browser: render the server's guess until hydrated.
  const mounted = useSyncExternalStore(
    () => () => {},
    () => true,
    () => false,
  );
  const dark = mounted && resolvedTheme === "dark";
  return (
    <button
      type="button"
      onClick={() => setTheme(dark ? "light" : "dark")}
      className="rounded-md p-1.5 text-muted hover:bg-surface-2 hover:text-fg"
      aria-label={dark ? "Switch to light mode" : "Switch to dark mode"}
      title={dark ? "Light mode" : "Dark mode"}
    >
      {dark ? <Sun className="size-4" /> : <Moon className="size-4" />}
    </button>
  );
}

function CountBadge({ item, counts }: { item: string; counts?: Attention }) {
  const n =
    item === "/alerts"
      ? counts?.firingAlerts
      : item === "/promotions"
        ? counts?.pendingPromotions
        : undefined;
  if (!n) return null;
  const what = item === "/alerts" ? "firing" : "waiting";
  return (
    <span
      className={cn(
        "ml-auto rounded px-1.5 text-[11px] font-medium tabular-nums",
        item === "/alerts" ? "bg-crit-bg text-crit" : "bg-warn-bg text-warn",
      )}
    >
      {n}
      <span className="sr-only"> {what}</span>
    </span>
  );
}

function NavLinks({ onNavigate, counts }: { onNavigate?: () => void; counts?: Attention }) {
  const pathname = usePathname();
  const link = (item: (typeof navItems)[number]) => {
    const active = [item.href, ...(item.also ?? [])].some(
      (h) => pathname === h || pathname.startsWith(`${h}/`),
    );
    const Icon = item.icon;
    return (
      <li key={item.href}>
        <Link
          href={item.href}
          onClick={onNavigate}
          aria-current={active ? "page" : undefined}
          title={`${item.label} (g ${item.key})`}
          className={cn(
            "flex items-center gap-2.5 rounded-md px-2.5 py-1.5 text-sm",
            active
              ? "bg-accent/12 font-medium text-accent"
              : "text-muted hover:bg-surface-2 hover:text-fg",
          )}
        >
          <Icon className="size-4" aria-hidden />
          {item.label}
          <CountBadge item={item.href} counts={counts} />
        </Link>
      </li>
    );
  };
  return (
    <nav aria-label="Main" className="flex flex-1 flex-col justify-between">
      <ul className="space-y-0.5">{navItems.map(link)}</ul>
      <ul className="space-y-0.5">{link(docsItem)}</ul>
    </nav>
  );
}

type Attention = ApiResult<typeof systemLinks.attention>;

/** The badges' counts: rendered by the layout, then kept fresh every 30 s. */
function useAttention(initial: Attention) {
  return useApi(systemLinks.attention, {}, { initialData: initial, refetchInterval: 30_000 }).data;
}

export function AppShell({
  user,
  attention,
  demo,
  children,
}: {
  user: ShellUser;
  attention: Attention;
  /** A demo instance (MODELGATE_DEMO): say so on every page. */
  demo: boolean;
  children: ReactNode;
}) {
  const [help, setHelp] = useState(false);
  useShortcuts(useCallback(() => setHelp(true), []));
  const counts = useAttention(attention);
  const [open, setOpen] = useState(false);
  const brand = (
    <Link
      href="/models"
      className="flex items-center gap-2 px-2 text-[15px] font-semibold tracking-tight"
    >
      {/* eslint-disable-next-line @next/next/no-img-element */}
      <img src="/favicon.svg" alt="" className="size-6" />
      Modelgate
    </Link>
  );
  return (
    <div className="flex min-h-screen">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:fixed focus:left-2 focus:top-2 focus:z-50 focus:rounded-md focus:bg-surface focus:px-3 focus:py-2 focus:text-sm focus:font-medium focus:shadow-lg"
      >
        Skip to content
      </a>
      <ShortcutsDialog open={help} onClose={() => setHelp(false)} />
      <aside className="sticky top-0 hidden h-screen w-56 shrink-0 flex-col gap-6 border-r border-border bg-surface px-3 py-4 md:flex">
        {brand}
        <NavLinks counts={counts} />
      </aside>

      {open ? (
        <div
          className="fixed inset-0 z-40 md:hidden"
          role="dialog"
          aria-modal="true"
          aria-label="Navigation"
        >
          <div className="absolute inset-0 bg-black/40" onClick={() => setOpen(false)} />
          <aside className="absolute inset-y-0 left-0 flex w-64 flex-col gap-6 bg-surface px-3 py-4">
            <div className="flex items-center justify-between">
              {brand}
              <button
                type="button"
                aria-label="Close navigation"
                onClick={() => setOpen(false)}
                className="p-1.5 text-muted"
              >
                <X className="size-4" />
              </button>
            </div>
            <NavLinks onNavigate={() => setOpen(false)} counts={counts} />
          </aside>
        </div>
      ) : null}

      <div className="flex min-w-0 flex-1 flex-col">
        {demo ? <DemoBanner /> : null}
        <header className="sticky top-0 z-30 flex h-12 items-center justify-between gap-3 border-b border-border bg-surface/90 px-4 backdrop-blur">
          <button
            type="button"
            className="rounded-md p-1.5 text-muted hover:bg-surface-2 md:hidden"
            aria-label="Open navigation"
            onClick={() => setOpen(true)}
          >
            <Menu className="size-4" />
          </button>
          <button
            type="button"
            onClick={() => setHelp(true)}
            className="hidden rounded-md px-1.5 py-1 text-xs text-muted hover:bg-surface-2 hover:text-fg md:block"
          >
            Press <kbd className="rounded border border-border px-1 font-mono">g</kbd> then a letter
            to jump, <kbd className="rounded border border-border px-1 font-mono">?</kbd> for all
            shortcuts
          </button>
          <div className="flex items-center gap-2">
            <ThemeToggle />
            <div
              className="flex items-center gap-2 border-l border-border pl-3"
              data-testid="current-user"
            >
              <div className="text-right leading-tight">
                <div className="text-sm font-medium">{user.name}</div>
                <div className="text-[11px] text-muted">{user.email}</div>
              </div>
              <Badge
                tone={
                  user.role === "admin" ? "accent" : user.role === "approver" ? "info" : "neutral"
                }
              >
                {user.role}
              </Badge>
              <button
                type="button"
                onClick={signOut}
                className="rounded-md p-1.5 text-muted hover:bg-surface-2 hover:text-fg"
                aria-label="Sign out"
                title="Sign out"
              >
                <LogOut className="size-4" />
              </button>
            </div>
          </div>
        </header>
        <main
          id="main"
          tabIndex={-1}
          className="outline-none mx-auto w-full max-w-[1400px] flex-1 px-4 py-6 md:px-6"
        >
          {children}
        </main>
      </div>
    </div>
  );
}
