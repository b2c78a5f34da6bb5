"use client";

import type { ReactNode } from "react";
import { cn } from "@/lib/cn";

/**
 * An on/off switch (role="switch"). Named by `label` with its state written as text beside it,
 * or by visible `children` ("Auto-refresh 30 s") that say what it switches.
 */
export function Switch({
  checked,
  label,
  title,
  disabled,
  onChange,
  children,
}: {
  checked: boolean;
  label?: string;
  title?: string;
  disabled?: boolean;
  onChange: (v: boolean) => void;
  children?: ReactNode;
}) {
  return (
    <button
      type="button"
      role="switch"
      aria-checked={checked}
      aria-label={children ? undefined : label}
      title={title}
      disabled={disabled}
      onClick={() => onChange(!checked)}
      className="inline-flex items-center gap-2 rounded-md px-1 py-1 text-xs text-muted hover:text-fg focus-visible:outline-2 focus-visible:outline-ring disabled:cursor-not-allowed disabled:opacity-60"
    >
      <span
        aria-hidden
        className={cn(
          "relative inline-block h-4 w-7 rounded-full border transition-colors",
          checked ? "border-accent bg-accent" : "border-muted bg-surface-2",
        )}
      >
        <span
          className={cn(
            "absolute top-px size-3 rounded-full shadow transition-all",
            checked ? "left-3 bg-surface" : "left-px bg-muted",
          )}
        />
      </span>
      {children ?? <span aria-hidden>{checked ? "on" : "off"}</span>}
    </button>
  );
}
