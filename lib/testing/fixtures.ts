import { randomBytes } from "node:crypto";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { TargetEnvironment } from "@/lib/generated/prisma/enums";
import type { Principal, Role } from "@/lib/permissions";

// Unique data per test, never global wipes: tests run in parallel on one database.

export const uid = (prefix = "t") => `${prefix}-${randomBytes(5).toString("hex")}`;

export async function makeUser(
  role: Role,
  over: { passwordHash?: string } = {},
): Promise<Principal> {
  const email = `${uid(role)}@test.modelgate.dev`;
  const user = await db.user.create({
    data: { email, name: `Test ${role}`, role, passwordHash: over.passwordHash ?? null },
  });
  return { user: { id: user.id, email: user.email, name: user.name, role } };
}

/**
 * A model whose newest version passes every blocking gate: requirements it meets, and the
 * required checklist items of stages 1–4 waived. Returns what a promotion test needs.
 */
export async function promotableVersion(owner?: Principal) {
  const { createModel, putRequirements } = await import("@/lib/services/models");
  const { registerVersion } = await import("@/lib/services/versions");
  const { actorOf } = await import("@/lib/services/audit");
  const editor = owner ?? (await makeUser("editor"));
  const actor = actorOf(editor);
  const slug = uid("p");
  await createModel(actor, { slug, name: `Promotable ${slug}` });
  await putRequirements(actor, slug, {
    minMetricName: "accuracy",
    minMetricValue: 0.9,
    memoryMb: 512,
    dataSensitivity: "internal",
  });
  const v = await registerVersion(actor, slug, {
    artifactUri: `s3://models/${slug}/1/model.onnx`,
    evalMetrics: { accuracy: 0.95 },
  });
  await waiveGatedItems(v.id);
  const model = await db.model.findUniqueOrThrow({ where: { slug }, select: { id: true } });
  return { editor, slug, n: v.version, versionId: v.id, modelId: model.id };
}

export async function waiveGatedItems(versionId: string) {
  const { refreshProgress } = await import("@/lib/services/checklist/progress");
  await db.checklistItem.updateMany({
    where: { versionId, stage: { in: ["requirements", "preparation", "environment", "cicd"] } },
    data: { waived: true, waiverReason: "test fixture" },
  });
  await refreshProgress(db, { versionIds: [versionId] });
}

export async function makeTarget(
  environment: TargetEnvironment,
  requiredApprovals: number,
  over: { memoryMb?: number; complianceTags?: string[] } = {},
) {
  return db.deploymentTarget.create({
    data: {
      slug: uid("tgt"),
      name: `Target ${environment}`,
      kind: "cloud",
      provider: "test",
      environment,
      memoryMb: over.memoryMb ?? 4096,
      complianceTags: over.complianceTags ?? [],
      requiredApprovals,
    },
  });
}

/** Approve as an approver would: on the snapshot the request shows now. */
export async function approveAsShown(approver: Principal, id: string, comment?: string) {
  const { approvePromotion, getPromotion } = await import("@/lib/services/promotions/requests");
  return approvePromotion(approver, id, {
    comment,
    snapshotHash: (await getPromotion(id)).snapshotHash,
  });
}

/** The AppError a service call was refused with; fails the test when the call succeeds. */
export async function refusal(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error("expected the call to be refused");
}
