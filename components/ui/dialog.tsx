"use client";

import * as RadixDialog from "@radix-ui/react-dialog";
import { X } from "lucide-react";
import { type ReactNode, useState } from "react";

/**
 * A modal dialog. When it closes the focus goes back to what opened it (the trigger, or for a
 * dialog opened by state, the control that had the focus); Escape in an open combobox closes
 * the combobox's list, not the dialog.
 */
export function Dialog({
  open,
  onOpenChange,
  title,
  description,
  children,
  trigger,
}: {
  open?: boolean;
  onOpenChange?: (open: boolean) => void;
  title: string;
  description?: string;
  children: ReactNode;
  trigger?: ReactNode;
}) {
  // What had the focus when the dialog opened, read while rendering: by the time any effect
  // runs, an autoFocus field inside the dialog has already taken it.
  const [opener, setOpener] = useState<{ open: boolean; el: HTMLElement | null }>({
    open: false,
    el: null,
  });
  if (Boolean(open) !== opener.open)
    setOpener({
      open: Boolean(open),
      // Kept on close: the focus goes back to it once the dialog has gone.
      el:
        open && typeof document !== "undefined"
          ? (document.activeElement as HTMLElement)
          : opener.el,
    });
  return (
    <RadixDialog.Root open={open} onOpenChange={onOpenChange}>
      {trigger ? <RadixDialog.Trigger asChild>{trigger}</RadixDialog.Trigger> : null}
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="fixed inset-0 z-40 bg-black/40 backdrop-blur-[1px]" />
        <RadixDialog.Content
          onCloseAutoFocus={(e) => {
            const back = opener.el;
            if (back && back !== document.body && back.isConnected) {
              e.preventDefault();
              back.focus();
            }
          }}
          onEscapeKeyDown={(e) => {
            const t = e.target as HTMLElement | null;
            if (
              t?.getAttribute("role") === "combobox" &&
              t.getAttribute("aria-expanded") === "true"
            )
              e.preventDefault();
          }}
          className="fixed left-1/2 top-[12vh] z-50 max-h-[85vh] w-[min(32rem,calc(100vw-2rem))] -translate-x-1/2 overflow-y-auto rounded-lg border border-border bg-surface p-5 shadow-xl focus:outline-none"
        >
          <div className="mb-4 flex items-start justify-between gap-4">
            <div>
              <RadixDialog.Title className="text-base font-semibold">{title}</RadixDialog.Title>
              {description ? (
                <RadixDialog.Description className="mt-1 text-sm text-muted">
                  {description}
                </RadixDialog.Description>
              ) : (
                <RadixDialog.Description className="sr-only">{title}</RadixDialog.Description>
              )}
            </div>
            <RadixDialog.Close
              aria-label="Close"
              className="rounded p-1 text-muted hover:bg-surface-2 hover:text-fg"
            >
              <X className="size-4" />
            </RadixDialog.Close>
          </div>
          {children}
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}
