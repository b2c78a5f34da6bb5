"use client";

import { usePathname } from "next/navigation";
import { Tabs } from "@/components/ui/tabs";

export function SettingsTabs({ admin }: { admin: boolean }) {
  const pathname = usePathname();
  const tabs = [
    { href: "/settings/account", label: "Your account" },
    { href: "/settings/tokens", label: "API tokens" },
    ...(admin
      ? [
          { href: "/settings/users", label: "Users and roles" },
          { href: "/settings/checklist", label: "Checklist templates" },
          { href: "/settings/webhooks", label: "Webhooks" },
        ]
      : []),
  ];
  return (
    <Tabs
      label="Settings"
      className="mb-4"
      items={tabs.map((t) => ({ key: t.href, ...t, current: pathname === t.href }))}
    />
  );
}
