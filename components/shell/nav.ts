import {
  Activity,
  Bell,
  BookOpen,
  Boxes,
  GitPullRequestArrow,
  type LucideIcon,
  ScrollText,
  Server,
  Settings,
} from "lucide-react";

export interface NavItem {
  href: string;
  label: string;
  icon: LucideIcon;
  /** Second key of the "g then …" shortcut. */
  key: string;
  /** Other path prefixes that belong to this section. */
  also?: string[];
}

export const navItems: NavItem[] = [
  { href: "/models", label: "Models", icon: Boxes, key: "m" },
  { href: "/targets", label: "Targets", icon: Server, key: "t" },
  { href: "/promotions", label: "Promotions", icon: GitPullRequestArrow, key: "p" },
  { href: "/monitoring", label: "Monitoring", icon: Activity, key: "o", also: ["/deployments"] },
  { href: "/alerts", label: "Alerts", icon: Bell, key: "a" },
  { href: "/audit", label: "Audit", icon: ScrollText, key: "u" },
  { href: "/settings", label: "Settings", icon: Settings, key: "s" },
];

export const docsItem: NavItem = {
  href: "/docs/api",
  label: "API reference",
  icon: BookOpen,
  key: "d",
};
