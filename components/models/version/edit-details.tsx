"use client";

import { Lock, Pencil } from "lucide-react";
import dynamic from "next/dynamic";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Skeleton } from "@/components/ui/skeleton";
import type { VersionDto } from "@/lib/schemas/versions";

// The form and react-hook-form load when the dialog first opens.
const VersionDetailsForm = dynamic(
  () => import("./details-form").then((m) => m.VersionDetailsForm),
  { loading: () => <Skeleton className="h-72 w-full" /> },
);

/**
 * The artifact card's action: "Edit" for editors while the version may change; once it is
 * approved or running, why it may not (what was approved is what runs).
 */
export function EditVersionDetails({ v, frozen }: { v: VersionDto; frozen: string | null }) {
  const [open, setOpen] = useState(false);
  if (frozen)
    return (
      <span
        className="inline-flex items-center gap-1 text-xs text-muted"
        title="Register a new version to change its details"
      >
        <Lock className="size-3" aria-hidden /> Frozen: {frozen}
      </span>
    );
  return (
    <Dialog
      open={open}
      onOpenChange={setOpen}
      title={`Edit v${v.version} details`}
      description="The serving image and where the version came from. The artifact itself cannot change."
      trigger={
        <Button size="sm" variant="secondary">
          <Pencil className="size-3.5" aria-hidden /> Edit
        </Button>
      }
    >
      {open ? <VersionDetailsForm v={v} onDone={() => setOpen(false)} /> : null}
    </Dialog>
  );
}
