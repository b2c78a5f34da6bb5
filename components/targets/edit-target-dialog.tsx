"use client";

import { Pencil } from "lucide-react";
import dynamic from "next/dynamic";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Skeleton } from "@/components/ui/skeleton";
import type { TargetDto } from "@/lib/schemas/targets";

// The form and react-hook-form load when the dialog first opens; it starts from the target as
// the page shows it every time.
const EditTargetForm = dynamic(() => import("./edit-target-form").then((m) => m.EditTargetForm), {
  loading: () => <Skeleton className="h-96 w-full" />,
});

/** "Edit": the target form, prefilled; a stale edit is refused with what changed. */
export function EditTargetDialog({
  target,
  isAdmin,
  allowLocal,
}: {
  target: TargetDto;
  isAdmin: boolean;
  /** The server's MODELGATE_GITOPS_ALLOW_LOCAL. */
  allowLocal: boolean;
}) {
  const [open, setOpen] = useState(false);
  return (
    <Dialog
      open={open}
      onOpenChange={setOpen}
      title={`Edit ${target.name}`}
      description="Pending promotion requests keep the approval count they were made with."
      trigger={
        <Button variant="secondary">
          <Pencil className="size-3.5" aria-hidden /> Edit
        </Button>
      }
    >
      {open ? (
        <EditTargetForm
          target={target}
          isAdmin={isAdmin}
          allowLocal={allowLocal}
          onDone={() => setOpen(false)}
        />
      ) : null}
    </Dialog>
  );
}
