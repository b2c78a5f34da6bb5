import { Bell, BookOpen, Boxes, GitPullRequestArrow, type LucideIcon, ScrollText, Server, Settings } from "lucide-react";

export interface NavItem {
  href: string;
  label: string;
  icon: LucideIcon;
  /** Second key of the "g then …" shortcut. */
  key: string;
}

export const navItems: NavItem[] = [
  { href: "/models", label: "Models", icon: Boxes, key: "m" },
  { href: "/targets", label: "Targets", icon: Server, key: "t" },
  { href: "/promotions", label: "Promotions", icon: GitPullRequestArrow, key: "p" },
  { href: "/alerts", label: "Alerts", icon: Bell, key: "a" },
  { href: "/audit", label: "Audit", icon: ScrollText, key: "u" },
  { href: "/settings", label: "Settings", icon: Settings, key: "s" },
];

export const docsItem: NavItem = { href: "/docs/api", label: "API reference", icon: BookOpen, key: "d" };
