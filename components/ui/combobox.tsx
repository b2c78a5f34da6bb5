"use client";

import { ChevronsUpDown } from "lucide-react";
import { type KeyboardEvent, useEffect, useId, useMemo, useState } from "react";
import { cn } from "@/lib/cn";
import { fieldClass } from "./input";

// A searchable picker for long lists of names (the WAI-ARIA combobox pattern with a listbox
// popup): typing filters, ↓/↑ move, Enter picks, Escape closes (a dialog around it stays open),
// Tab leaves without picking. Options show a second line (an email, a slug) so two people
// with one name can be told apart; they come sorted by label and one per value.

export interface ComboboxOption {
  value: string;
  label: string;
  detail?: string;
}

function byLabel(options: ComboboxOption[]): ComboboxOption[] {
  const seen = new Set<string>();
  return options
    .filter((o) => !seen.has(o.value) && seen.add(o.value))
    .sort(
      (a, b) =>
        // The "none" choice ("" – all models, nobody) stays first.
        Number(b.value === "") - Number(a.value === "") ||
        a.label.localeCompare(b.label, undefined, { sensitivity: "base" }) ||
        (a.detail ?? "").localeCompare(b.detail ?? ""),
    );
}

const matches = (o: ComboboxOption, words: string[]) => {
  const text = `${o.label} ${o.detail ?? ""} ${o.value}`.toLowerCase();
  return words.every((w) => text.includes(w));
};

export function Combobox({
  options,
  value,
  onChange,
  placeholder,
  id,
  name,
  disabled,
  className,
  ...aria
}: {
  options: ComboboxOption[];
  value: string;
  onChange: (value: string) => void;
  placeholder?: string;
  /** The input's id, for a <label htmlFor>; without one, pass aria-label. */
  id?: string;
  /** Also submits the value with a plain <form> under this name. */
  name?: string;
  disabled?: boolean;
  className?: string;
  "aria-label"?: string;
  "aria-invalid"?: boolean;
  "aria-describedby"?: string;
}) {
  const auto = useId();
  const inputId = id ?? auto;
  const listId = `${inputId}-listbox`;
  const sorted = useMemo(() => byLabel(options), [options]);
  const selected = sorted.find((o) => o.value === value);
  const [open, setOpen] = useState(false);
  // What is typed; null shows the chosen option's label.
  const [query, setQuery] = useState<string | null>(null);
  const [active, setActive] = useState(0);
  const words = (query ?? "").toLowerCase().split(/\s+/).filter(Boolean);
  const shown = words.length ? sorted.filter((o) => matches(o, words)) : sorted;
  const optionId = (i: number) => `${inputId}-option-${i}`;

  useEffect(() => {
    if (open) document.getElementById(optionId(active))?.scrollIntoView({ block: "nearest" });
  });

  const show = (at = Math.max(0, shown.indexOf(selected!))) => {
    setOpen(true);
    setActive(at);
  };
  const close = () => {
    setOpen(false);
    setQuery(null);
  };
  const pick = (o: ComboboxOption | undefined) => {
    if (!o) return;
    onChange(o.value);
    close();
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      if (!open || e.altKey) return show();
      const step = e.key === "ArrowDown" ? 1 : -1;
      setActive((i) => Math.min(Math.max(i + step, 0), shown.length - 1));
    } else if (e.key === "Enter" && open) {
      e.preventDefault();
      pick(shown[active]);
    } else if (e.key === "Escape" && (open || query !== null)) {
      e.preventDefault();
      close();
    } else if (e.key === "Tab") close();
  };

  return (
    <div className={cn("relative", className)}>
      <input
        id={inputId}
        type="text"
        role="combobox"
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={open && shown[active] ? optionId(active) : undefined}
        autoComplete="off"
        spellCheck={false}
        disabled={disabled}
        placeholder={placeholder}
        value={query ?? selected?.label ?? ""}
        onChange={(e) => {
          setQuery(e.target.value);
          show(0);
        }}
        onClick={() => (open ? close() : show())}
        onKeyDown={onKeyDown}
        onBlur={close}
        className={cn(fieldClass, "h-8 pr-7 disabled:opacity-60")}
        {...aria}
      />
      <ChevronsUpDown
        aria-hidden
        className="pointer-events-none absolute right-2 top-2 size-4 text-muted"
      />
      {name ? <input type="hidden" name={name} value={value} /> : null}
      <ul
        id={listId}
        role="listbox"
        aria-label={aria["aria-label"] ?? placeholder ?? "Options"}
        hidden={!open}
        className="absolute z-50 mt-1 max-h-64 w-full min-w-56 overflow-auto rounded-md border border-border bg-surface py-1 shadow-lg"
      >
        {shown.length === 0 ? (
          <li role="option" aria-selected={false} aria-disabled className="px-2.5 py-1.5 text-sm">
            No match for “{query}”
          </li>
        ) : (
          shown.map((o, i) => (
            <li
              key={o.value}
              id={optionId(i)}
              role="option"
              aria-selected={o.value === value}
              // Keeps the focus in the input, so picking with the mouse is not a blur first.
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => pick(o)}
              onMouseMove={() => setActive(i)}
              className={cn(
                "cursor-pointer px-2.5 py-1.5 text-sm",
                i === active && "bg-accent/12",
                o.value === value && "font-medium",
              )}
            >
              {o.label}
              {o.detail ? <span className="block text-xs text-muted">{o.detail}</span> : null}
            </li>
          ))
        )}
      </ul>
    </div>
  );
}
