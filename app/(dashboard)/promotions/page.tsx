import { GitPullRequestArrow } from "lucide-react";
import type { Metadata } from "next";
import { PromotionCard } from "@/components/promotions/promotion-card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Tabs } from "@/components/ui/tabs";
import { requirePrincipal } from "@/lib/auth";
import { can } from "@/lib/permissions";
import { listPromotions } from "@/lib/services/promotions/requests";

export const metadata: Metadata = { title: "Promotions" };

const views = [
  { key: "pending", label: "Waiting for approval" },
  { key: "mine", label: "My requests" },
  { key: "approved", label: "Approved" },
  { key: "rejected", label: "Rejected" },
  { key: "closed", label: "Expired & withdrawn" },
  { key: "all", label: "All" },
] as const;

type View = (typeof views)[number]["key"];

type Props = { searchParams: Promise<{ view?: string }> };

export default async function PromotionsPage({ searchParams }: Props) {
  const principal = await requirePrincipal();
  const asked = (await searchParams).view;
  const view: View = views.some((v) => v.key === asked) ? (asked as View) : "pending";
  const query = { limit: 100 };
  const page =
    view === "closed"
      ? {
          items: [
            ...(await listPromotions({ ...query, status: "expired" })).items,
            ...(await listPromotions({ ...query, status: "cancelled" })).items,
          ].sort((a, b) => b.createdAt.localeCompare(a.createdAt)),
        }
      : await listPromotions({
          ...query,
          status:
            view === "pending" || view === "approved" || view === "rejected" ? view : undefined,
          requestedById: view === "mine" ? principal.user.id : undefined,
        });
  const pendingCount =
    view === "pending"
      ? page.items.length
      : (await listPromotions({ limit: 100, status: "pending" })).items.length;
  const canApprove = can(principal, "approve");
  return (
    <>
      <PageHeader
        title="Promotions"
        description="Requests to put a version on a target. Each needs its target's number of distinct approvers; a rejection rejects; a change to the version after a vote voids that vote."
      />
      <Tabs
        label="Promotion views"
        className="mb-4"
        items={views.map((v) => ({
          key: v.key,
          href: v.key === "pending" ? "/promotions" : `/promotions?view=${v.key}`,
          current: v.key === view,
          label: (
            <>
              {v.label}
              {v.key === "pending" && pendingCount > 0 ? (
                <span className="ml-1.5 rounded bg-warn-bg px-1.5 text-xs tabular-nums text-warn">
                  {pendingCount}
                </span>
              ) : null}
            </>
          ),
        }))}
      />
      {page.items.length === 0 ? (
        <div className="rounded-lg border border-border bg-surface">
          <EmptyState
            icon={GitPullRequestArrow}
            title={view === "pending" ? "Nothing waits for approval" : "No requests here"}
          >
            {view === "pending"
              ? "Promotions are requested from a version's Promotions tab, or by a pipeline with POST /api/v1/models/{slug}/versions/{n}/promotions."
              : "Requests appear here as they are decided."}
          </EmptyState>
        </div>
      ) : (
        <div className="space-y-3">
          {page.items.map((p) => (
            <PromotionCard
              key={p.id}
              p={p}
              me={principal.user.id}
              canApprove={canApprove}
              isAdmin={can(principal, "admin")}
            />
          ))}
        </div>
      )}
    </>
  );
}
