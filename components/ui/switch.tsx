"use client";

import { cn } from "@/lib/cn";

/** An on/off switch (role="switch") with its state also written as text. */
export function Switch({ checked, label, disabled, onChange }: { checked: boolean; label: string; disabled?: boolean; onChange: (v: boolean) => void }) {
  return (
    <button
      type="button"
      role="switch"
      aria-checked={checked}
      aria-label={label}
      disabled={disabled}
      onClick={() => onChange(!checked)}
      className="inline-flex items-center gap-2 rounded-md px-1 py-1 text-xs text-muted hover:text-fg focus-visible:outline-2 focus-visible:outline-ring disabled:cursor-not-allowed disabled:opacity-60"
    >
      <span aria-hidden className={cn("relative inline-block h-4 w-7 rounded-full border transition-colors", checked ? "border-accent bg-accent" : "border-muted bg-surface-2")}>
        <span className={cn("absolute top-px size-3 rounded-full shadow transition-all", checked ? "left-3 bg-surface" : "left-px bg-muted")} />
      </span>
      <span aria-hidden>{checked ? "on" : "off"}</span>
    </button>
  );
}
