import { Skeleton, TableSkeleton } from "@/components/ui/skeleton";

export default function Loading() {
  return (
    <div>
      <Skeleton className="mb-2 h-6 w-48" />
      <Skeleton className="mb-6 h-4 w-96" />
      <div className="rounded-lg border border-border bg-surface">
        <TableSkeleton />
      </div>
    </div>
  );
}
