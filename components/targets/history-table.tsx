"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import { type ApiResult, callApi } from "@/lib/client/api";
import { targetLinks } from "@/lib/endpoints/links";
import { EmergencyBadge } from "./emergency-banner";
import { DeploymentStatusBadge } from "./status";

const STEP = 25;

type HistoryPage = Extract<ApiResult<typeof targetLinks.history>, { items: unknown }>;

/**
 * Every deployment on the target, newest activation first. Shows the first rows of what the
 * page loaded, then more of them, then further pages from the API while `nextCursor` lasts.
 */
export function HistoryTable({
  slug,
  initial,
  nextCursor,
}: {
  slug: string;
  initial: HistoryPage["items"];
  nextCursor: string | null;
}) {
  const [items, setItems] = useState(initial);
  const [cursor, setCursor] = useState(nextCursor);
  const [shown, setShown] = useState(Math.min(STEP, initial.length));
  // The page re-rendered (a rollback, router.refresh()): start again from its rows.
  const [source, setSource] = useState(initial);
  if (source !== initial) {
    setSource(initial);
    setItems(initial);
    setCursor(nextCursor);
    setShown(Math.min(Math.max(shown, STEP), initial.length));
  }

  const more = useMutation({
    mutationFn: (c: string) =>
      callApi(targetLinks.history, { params: { slug }, query: { limit: 100, cursor: c } }).then(
        // Without `at` the endpoint answers with a page.
        (answer) => answer as HistoryPage,
      ),
    onSuccess: (page) => {
      setItems((prev) => [...prev, ...page.items]);
      setCursor(page.nextCursor);
      setShown((n) => n + Math.min(STEP, page.items.length));
    },
  });

  const canShowMore = shown < items.length || cursor !== null;
  function loadMore() {
    if (shown < items.length) setShown((n) => Math.min(n + STEP, items.length));
    else if (cursor) more.mutate(cursor);
  }

  return (
    <>
      <Table>
        <thead>
          <tr>
            <Th>Model</Th>
            <Th>Version</Th>
            <Th>Status</Th>
            <Th>Activated</Th>
            <Th>Ended</Th>
            <Th>End / rollback reason</Th>
            <Th>Deployed by</Th>
          </tr>
        </thead>
        <tbody>
          {items.slice(0, shown).map((d) => (
            <Tr key={d.id}>
              <Td>
                <Link href={`/models/${d.model}`} className="font-medium hover:underline">
                  {d.modelName}
                </Link>
              </Td>
              <Td>
                <Link
                  href={`/models/${d.model}/versions/${d.version}`}
                  className="font-mono text-xs hover:underline"
                >
                  v{d.version}
                </Link>
              </Td>
              <Td>
                <span className="flex flex-wrap gap-1">
                  <DeploymentStatusBadge status={d.status} />
                  {d.emergency ? <EmergencyBadge active={d.status === "active"} /> : null}
                </span>
              </Td>
              <Td className="text-muted">
                <RelativeTime value={d.activatedAt} />
              </Td>
              <Td className="text-muted">
                {d.endedAt ? (
                  <RelativeTime value={d.endedAt} />
                ) : d.status === "active" ? (
                  <span className="text-ok">running</span>
                ) : (
                  "—"
                )}
              </Td>
              <Td className="max-w-sm text-xs text-muted">
                {d.endReason ? <div>{d.endReason}</div> : null}
                {d.rollbackReason ? <div>restored by a rollback: {d.rollbackReason}</div> : null}
                {!d.endReason && !d.rollbackReason ? "—" : null}
              </Td>
              <Td className="text-muted">{d.deployedBy?.name ?? "—"}</Td>
            </Tr>
          ))}
        </tbody>
      </Table>
      <div className="flex items-center justify-between gap-3 px-4 py-2 text-xs text-muted">
        <span aria-live="polite">
          Showing {shown} of {cursor ? `${items.length}+` : items.length}
        </span>
        {more.isError ? (
          <span role="alert" className="text-crit">
            {(more.error as Error).message}
          </span>
        ) : null}
        {canShowMore ? (
          <Button size="sm" variant="secondary" onClick={loadMore} disabled={more.isPending}>
            {more.isPending ? "Loading…" : "Load more"}
          </Button>
        ) : null}
      </div>
    </>
  );
}
