"use client";

import { Button } from "@/components/ui/button";

/** Under the table after an upload: send the same file again with the picked types. */
export function TypeOverrides({
  fileName,
  changed,
  busy,
  onResend,
}: {
  fileName: string;
  changed: boolean;
  busy: boolean;
  onResend: () => void;
}) {
  return (
    <div className="flex flex-wrap items-center justify-end gap-2 px-4 py-3">
      <p className="mr-auto text-xs text-muted">
        Types are inferred from the values; change one and send {fileName} again to override it.
      </p>
      <Button size="sm" variant="secondary" disabled={!changed || busy} onClick={onResend}>
        Re-upload with these types
      </Button>
    </div>
  );
}
