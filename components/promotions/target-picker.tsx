import { Search } from "lucide-react";
import { useState } from "react";
import { Input } from "@/components/ui/input";
import { type TargetFit, TargetOption, isOpen } from "./target-option";

const environments = [
  { key: "production", label: "Production" },
  { key: "staging", label: "Staging" },
] as const;

/** Open targets that fit first, then the rest; each group keeps its name order. */
const rank = (f: TargetFit) => (isOpen(f) ? (f.fits ? 0 : 1) : 2);

/** Pure: the targets matching a search (name, slug or environment), grouped by environment. */
function groups(fits: TargetFit[], search: string) {
  const q = search.trim().toLowerCase();
  const hits = fits.filter(
    (f) =>
      !q || f.name.toLowerCase().includes(q) || f.target.includes(q) || f.environment.includes(q),
  );
  return environments
    .map((e) => ({
      ...e,
      items: hits.filter((f) => f.environment === e.key).sort((a, b) => rank(a) - rank(b)),
    }))
    .filter((g) => g.items.length > 0);
}

/** A searchable list of targets as radios, grouped by environment, each with its fit. */
export function TargetPicker({
  fits,
  target,
  onPick,
}: {
  fits: TargetFit[];
  target: string | undefined;
  onPick: (target: string) => void;
}) {
  const [search, setSearch] = useState("");
  const shown = groups(fits, search);
  return (
    <div className="space-y-3">
      <div className="relative">
        <Search
          className="pointer-events-none absolute left-2.5 top-2 size-4 text-muted"
          aria-hidden
        />
        <Input
          type="search"
          aria-label="Search targets"
          placeholder={`Search ${fits.length} targets by name or slug`}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          className="pl-8"
        />
      </div>
      {shown.length === 0 ? (
        <p className="text-sm text-muted">No target matches “{search.trim()}”.</p>
      ) : (
        shown.map((g) => (
          <fieldset key={g.key}>
            <legend className="mb-1.5 text-xs font-medium text-muted">
              {g.label} ({g.items.length})
            </legend>
            <div className="space-y-1.5">
              {g.items.map((f) => (
                <TargetOption
                  key={f.target}
                  f={f}
                  checked={target === f.target}
                  onPick={() => onPick(f.target)}
                />
              ))}
            </div>
          </fieldset>
        ))
      )}
    </div>
  );
}
