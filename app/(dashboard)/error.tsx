"use client";

import { AlertTriangle } from "lucide-react";
import { Button } from "@/components/ui/button";

export default function DashboardError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <div
      role="alert"
      className="mx-auto mt-16 max-w-md rounded-lg border border-border bg-surface p-6 text-center"
    >
      <AlertTriangle className="mx-auto size-8 text-warn" aria-hidden />
      <h1 className="mt-3 text-base font-semibold">This page failed to load</h1>
      <p className="mt-1 text-sm text-muted">
        Something went wrong on our side. Try again; if it keeps happening, quote this reference:{" "}
        <code className="font-mono text-xs">{error.digest ?? "n/a"}</code>
      </p>
      <Button className="mt-4" onClick={reset}>
        Try again
      </Button>
    </div>
  );
}
