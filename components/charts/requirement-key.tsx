import type { ReactNode } from "react";

/**
 * The key to a chart's dashed requirement or threshold line, for its card header (a label on
 * the line would cover the data).
 */
export function RequirementKey({ children }: { children: ReactNode }) {
  return (
    <span className="flex items-center gap-1.5 whitespace-nowrap text-xs text-crit">
      <svg aria-hidden width="18" height="4" className="shrink-0">
        <line
          x1="0"
          y1="2"
          x2="18"
          y2="2"
          stroke="currentColor"
          strokeWidth="1.5"
          strokeDasharray="5 3"
        />
      </svg>
      {children}
    </span>
  );
}
