import type { LucideIcon } from "lucide-react";
import type { ReactNode } from "react";

export function EmptyState({
  icon: Icon,
  title,
  children,
  action,
  level = 3,
}: {
  icon: LucideIcon;
  title: string;
  /** The title's heading level: 2 where no card title (h2) comes before it. */
  level?: 2 | 3;
  children?: ReactNode;
  action?: ReactNode;
}) {
  const Heading = level === 2 ? "h2" : "h3";
  return (
    <div className="flex flex-col items-center justify-center gap-2 px-6 py-14 text-center">
      <Icon aria-hidden className="size-8 text-muted" strokeWidth={1.5} />
      <Heading className="text-sm font-semibold">{title}</Heading>
      {children ? <div className="max-w-md text-sm text-muted">{children}</div> : null}
      {action ? <div className="mt-2">{action}</div> : null}
    </div>
  );
}
