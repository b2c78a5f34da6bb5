import { GitPullRequestArrow } from "lucide-react";
import type { ComponentProps } from "react";
import { PromotionCard } from "@/components/promotions/promotion-card";
import { RequestPromotion } from "@/components/promotions/request-form";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import type { PromotionDto } from "@/lib/schemas/promotions";

/** The promotions tab: request a promotion of this version, then its requests so far. */
export function VersionPromotions({
  slug,
  n,
  fits,
  requests,
  me,
  canRequest,
  canApprove,
  isAdmin,
}: {
  slug: string;
  n: number;
  fits: ComponentProps<typeof RequestPromotion>["fits"];
  requests: PromotionDto[];
  me: string;
  canRequest: boolean;
  canApprove: boolean;
  isAdmin: boolean;
}) {
  const pending = requests.filter((p) => p.status === "pending");
  const decided = requests.filter((p) => p.status !== "pending");
  const cards = (list: PromotionDto[]) =>
    list.map((p) => (
      <PromotionCard key={p.id} p={p} me={me} canApprove={canApprove} isAdmin={isAdmin} />
    ));
  return (
    <div className="space-y-4">
      {pending.length ? (
        <section aria-label="Pending requests for this version" className="space-y-3">
          <h2 className="text-sm font-semibold">Awaiting approval ({pending.length})</h2>
          {cards(pending)}
        </section>
      ) : null}
      <Card>
        <CardHeader
          title="Promote this version"
          description="Pick a target: its fit and the gates are checked by the server before anyone is asked to approve."
        />
        <div className="p-4">
          <RequestPromotion slug={slug} n={n} fits={fits} canRequest={canRequest} />
        </div>
      </Card>
      {requests.length === 0 ? (
        <Card>
          <EmptyState icon={GitPullRequestArrow} title="No promotion requests for this version">
            Requests to put this version on a target, with their gates and approvals, are listed
            here.
          </EmptyState>
        </Card>
      ) : decided.length ? (
        <section aria-label="Requests for this version" className="space-y-3">
          <h2 className="text-sm font-semibold">Decided ({decided.length})</h2>
          {cards(decided)}
        </section>
      ) : null}
    </div>
  );
}
