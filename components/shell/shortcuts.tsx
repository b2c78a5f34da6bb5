"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { Dialog } from "@/components/ui/dialog";
import { docsItem, navItems } from "./nav";

/** "g" then a section's letter jumps there; "?" opens the list of shortcuts (onHelp). */
export function useShortcuts(onHelp: () => void) {
  const router = useRouter();
  useEffect(() => {
    let armed = 0;
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement | null;
      if (
        e.metaKey ||
        e.ctrlKey ||
        e.altKey ||
        (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName)))
      )
        return;
      if (e.key === "?") {
        e.preventDefault();
        onHelp();
        return;
      }
      if (e.key === "g") {
        armed = Date.now();
        return;
      }
      if (Date.now() - armed < 1000) {
        const item = [...navItems, docsItem].find((n) => n.key === e.key);
        if (item) {
          e.preventDefault();
          router.push(item.href);
        }
        armed = 0;
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [router, onHelp]);
}

const rows: [string, string][] = [
  ...[...navItems, docsItem].map((item): [string, string] => [`g ${item.key}`, item.label]),
  ["?", "This list"],
  ["Esc", "Close a dialog or a list"],
];

/** "?": the keyboard shortcuts, the "g then a letter" jumps of the navigation among them. */
export function ShortcutsDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  return (
    <Dialog
      open={open}
      onOpenChange={(o) => (o ? null : onClose())}
      title="Keyboard shortcuts"
      description="Press g, then a letter, to jump to a section (outside text fields)."
    >
      <dl className="grid grid-cols-[auto_1fr] items-center gap-x-4 gap-y-1.5 text-sm">
        {rows.map(([keys, what]) => (
          <div key={keys} className="contents">
            <dt>
              <kbd className="rounded border border-border bg-surface-2 px-1.5 font-mono text-xs">
                {keys}
              </kbd>
            </dt>
            <dd>{what}</dd>
          </div>
        ))}
      </dl>
    </Dialog>
  );
}
