"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/lib/cn";

export function SettingsTabs({ admin }: { admin: boolean }) {
  const pathname = usePathname();
  const tabs = [{ href: "/settings/account", label: "Your account" }, { href: "/settings/tokens", label: "API tokens" }, ...(admin
      ? [
          { href: "/settings/users", label: "Users and roles" },
          { href: "/settings/checklist", label: "Checklist templates" },
          { href: "/settings/webhooks", label: "Webhooks" },
        ]
      : [])];
  return (
    <nav aria-label="Settings" className="mb-4 flex gap-1 border-b border-border">
      {tabs.map((t) => (
        <Link
          key={t.href}
          href={t.href}
          aria-current={pathname === t.href ? "page" : undefined}
          className={cn(
            "-mb-px border-b-2 px-3 py-2 text-sm",
            pathname === t.href ? "border-accent font-medium text-fg" : "border-transparent text-muted hover:text-fg",
          )}
        >
          {t.label}
        </Link>
      ))}
    </nav>
  );
}
