"use client";

import { Plus } from "lucide-react";
import dynamic from "next/dynamic";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Skeleton } from "@/components/ui/skeleton";

// The form and react-hook-form load when the dialog first opens: the models page's first load
// only carries the button.
const CreateModelForm = dynamic(
  () => import("./create-model-form").then((m) => m.CreateModelForm),
  {
    loading: () => <Skeleton className="h-72 w-full" />,
  },
);

export function CreateModelDialog() {
  const [open, setOpen] = useState(false);
  return (
    <Dialog
      open={open}
      onOpenChange={setOpen}
      title="Register a model"
      description="A model is the thing you version, check, promote and watch."
      trigger={
        <Button>
          <Plus className="size-4" aria-hidden /> New model
        </Button>
      }
    >
      {open ? <CreateModelForm onDone={() => setOpen(false)} /> : null}
    </Dialog>
  );
}
