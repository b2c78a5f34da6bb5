import { Compass } from "lucide-react";
import Link from "next/link";

export default function NotFound() {
  return (
    <div className="flex min-h-[70vh] items-center justify-center px-4">
      <div className="max-w-md text-center">
        <Compass className="mx-auto size-10 text-muted" aria-hidden strokeWidth={1.5} />
        <h1 className="mt-3 text-lg font-semibold">Nothing here</h1>
        <p className="mt-1 text-sm text-muted">
          The page you asked for does not exist, or you may not see it. Check the address, or go
          back to the inventory.
        </p>
        <Link
          href="/models"
          className="mt-4 inline-block rounded-md bg-accent px-3 py-1.5 text-sm font-medium text-accent-fg"
        >
          Go to models
        </Link>
      </div>
    </div>
  );
}
