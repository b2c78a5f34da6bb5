"use client";

import { Plus } from "lucide-react";
import dynamic from "next/dynamic";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Skeleton } from "@/components/ui/skeleton";

// The form and react-hook-form load when the dialog first opens; it starts blank every time.
const CreateTargetForm = dynamic(
  () => import("./create-target-form").then((m) => m.CreateTargetForm),
  { loading: () => <Skeleton className="h-96 w-full" /> },
);

/** "New target": a dialog form; on success, the new target's page. */
export function CreateTargetDialog({ allowLocal }: { allowLocal: boolean }) {
  const [open, setOpen] = useState(false);
  return (
    <Dialog
      open={open}
      onOpenChange={setOpen}
      title="New deployment target"
      description="An environment models can be promoted to, with what it offers and how many approvals it needs."
      trigger={
        <Button>
          <Plus className="size-4" aria-hidden /> New target
        </Button>
      }
    >
      {open ? <CreateTargetForm allowLocal={allowLocal} onDone={() => setOpen(false)} /> : null}
    </Dialog>
  );
}
