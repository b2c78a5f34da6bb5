import { db } from "@/lib/db";
import { stageTitles, type ChecklistStageKey } from "./default-templates";

const stageOrder: ChecklistStageKey[] = ["requirements", "preparation", "environment", "cicd", "monitoring"];

/** A version's checklist grouped by stage, in order, with progress per stage. */
export async function checklistByStage(versionId: string) {
  const items = await db.checklistItem.findMany({
    where: { versionId },
    orderBy: [{ position: "asc" }],
    include: { checkedBy: { select: { name: true } }, assignee: { select: { name: true } } },
  });
  return stageOrder.map((stage) => {
    const list = items.filter((i) => i.stage === stage);
    return {
      stage,
      title: stageTitles[stage],
      done: list.filter((i) => i.checked || i.waived).length,
      total: list.length,
      items: list,
    };
  });
}
