"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useCallback } from "react";
import { apiKey } from "@/lib/client/api";

/**
 * After a change: re-render the page's server parts (router.refresh) and refetch the browser's
 * reads of the resources it touched (`apiKey.resource(tag)`). "System" covers the sidebar's
 * badges (firing alerts, promotions waiting).
 */
export function useRefresh() {
  const router = useRouter();
  const qc = useQueryClient();
  return useCallback(
    (...tags: string[]) => {
      router.refresh();
      for (const tag of tags) void qc.invalidateQueries({ queryKey: apiKey.resource(tag) });
    },
    [router, qc],
  );
}
