"use client";

import { type FormEvent, useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { cn } from "@/lib/cn";
import {
  RANGE_LABELS,
  RANGE_PRESETS,
  type RangePreset,
  type RangeSelection,
  fromLocalInput,
  toLocalInput,
} from "@/lib/charts/monitoring";

/**
 * Preset ranges as a row of toggle buttons, and a custom from/to with datetime inputs.
 * Plain buttons and a form: every part works with Tab, Enter and Space.
 */
export function RangePicker({
  value,
  onChange,
  presets = RANGE_PRESETS,
  custom = true,
}: {
  value: RangeSelection;
  onChange: (next: RangeSelection) => void;
  presets?: readonly RangePreset[];
  custom?: boolean;
}) {
  const id = useId();
  const [open, setOpen] = useState(value.kind === "custom");
  const [from, setFrom] = useState(value.kind === "custom" ? toLocalInput(value.from) : "");
  const [to, setTo] = useState(value.kind === "custom" ? toLocalInput(value.to) : "");
  const [error, setError] = useState<string | null>(null);

  const openCustom = () => {
    if (!open && !from && !to) {
      // Start from the last 24 hours, to the minute.
      const now = Math.floor(Date.now() / 60_000) * 60_000;
      setFrom(toLocalInput(new Date(now - 86_400_000).toISOString()));
      setTo(toLocalInput(new Date(now).toISOString()));
    }
    setOpen(!open);
  };

  const apply = (e: FormEvent) => {
    e.preventDefault();
    const f = fromLocalInput(from);
    const t = fromLocalInput(to);
    if (!f || !t) return setError("Enter both times.");
    if (Date.parse(f) >= Date.parse(t)) return setError("“From” must be before “to”.");
    if (Date.parse(t) - Date.parse(f) > 400 * 86_400_000)
      return setError("Ranges are limited to 400 days.");
    setError(null);
    onChange({ kind: "custom", from: f, to: t });
  };

  return (
    <div className="flex flex-col items-end gap-2">
      <div
        role="group"
        aria-label="Time range"
        className="inline-flex flex-wrap rounded-md border border-border bg-surface p-0.5"
      >
        {presets.map((p) => {
          const active = value.kind === "preset" && value.range === p;
          return (
            <button
              key={p}
              type="button"
              aria-pressed={active}
              onClick={() => {
                setOpen(false);
                onChange({ kind: "preset", range: p });
              }}
              className={cn(
                "h-7 rounded px-2.5 text-xs font-medium tabular-nums focus-visible:outline-2 focus-visible:outline-ring",
                active ? "bg-accent text-accent-fg" : "text-muted hover:bg-surface-2 hover:text-fg",
              )}
            >
              <span className="sr-only">Last </span>
              {RANGE_LABELS[p]}
            </button>
          );
        })}
        {custom ? (
          <button
            type="button"
            aria-pressed={value.kind === "custom"}
            aria-expanded={open}
            aria-controls={`${id}-custom`}
            onClick={openCustom}
            className={cn(
              "h-7 rounded px-2.5 text-xs font-medium focus-visible:outline-2 focus-visible:outline-ring",
              value.kind === "custom"
                ? "bg-accent text-accent-fg"
                : "text-muted hover:bg-surface-2 hover:text-fg",
            )}
          >
            Custom
          </button>
        ) : null}
      </div>
      {custom && open ? (
        <form
          id={`${id}-custom`}
          onSubmit={apply}
          className="flex flex-wrap items-end gap-2"
          aria-label="Custom time range"
        >
          <div className="space-y-1">
            <label htmlFor={`${id}-from`} className="block text-xs font-medium">
              From
            </label>
            <Input
              id={`${id}-from`}
              type="datetime-local"
              value={from}
              onChange={(e) => setFrom(e.target.value)}
              className="w-56"
              required
            />
          </div>
          <div className="space-y-1">
            <label htmlFor={`${id}-to`} className="block text-xs font-medium">
              To
            </label>
            <Input
              id={`${id}-to`}
              type="datetime-local"
              value={to}
              onChange={(e) => setTo(e.target.value)}
              className="w-56"
              required
            />
          </div>
          <Button type="submit" size="md" variant="secondary">
            Apply range
          </Button>
          {error ? (
            <p role="alert" className="w-full text-right text-xs text-crit">
              {error}
            </p>
          ) : null}
        </form>
      ) : null}
    </div>
  );
}
