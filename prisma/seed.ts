import "dotenv/config";
import { parseArgs } from "node:util";
import { db } from "@/lib/db";
import { DEMO_PASSWORD, demoEmail } from "@/lib/demo";
import type { Role } from "@/lib/generated/prisma/client";
import { hashPassword } from "@/lib/passwords";
import { auditJson } from "@/lib/services/audit";
import { checklistItemFromTemplate } from "@/lib/services/versions";
import { getChecklist } from "@/lib/services/checklist/items";
import { refreshProgress } from "@/lib/services/checklist/progress";
import { ensureDefaultTemplates } from "@/lib/services/checklist/templates";
import { requestPromotion } from "@/lib/services/promotions/requests";
import { syncDerivedRules } from "@/lib/services/alerts/rules";
import { seedDriftAndAlerts, seedMonitoring } from "./demo/monitoring";
import { seedRetraining } from "./demo/retraining";
import { seedRollout } from "./demo/rollout";
import { demoModels, sha } from "./demo/models";

// Seeds a database: the default checklist templates always (only into an empty template
// table), and with --demo the demo data once (skipped when the demo admin exists).
//   npm run db:seed              checklist templates: what a real installation needs
//   npm run db:seed -- --demo    … and the demo, whose accounts have a published password
// Creates no account without --demo: a real installation's first admin comes from
// `npm run user -- create` or MODELGATE_ADMIN_EMAIL/MODELGATE_ADMIN_PASSWORD.

export { DEMO_PASSWORD, demoEmail };
export const demoUsers: { role: Role; name: string }[] = [
  { role: "admin", name: "Ada Admin" },
  { role: "approver", name: "Ravi Approver" },
  { role: "editor", name: "Eli Editor" },
  { role: "viewer", name: "Vera Viewer" },
];

const day = 86_400_000;

/** The demo's history also lands in the audit log, dated when it happened. */
async function audit(
  actor: { id: string; email: string },
  action: string,
  entityType: string,
  entityId: string,
  after: unknown,
  at: Date,
) {
  await db.auditEvent.create({
    data: {
      actorId: actor.id,
      actorLabel: actor.email,
      action,
      entityType,
      entityId,
      after: auditJson(after),
      createdAt: at,
    },
  });
}

export const seedTemplates = () => ensureDefaultTemplates();

export async function seedDemo(log: (s: string) => void = console.log): Promise<boolean> {
  await seedTemplates();
  if (await db.user.findUnique({ where: { email: demoEmail("admin") }, select: { id: true } })) {
    log("Demo data already present; nothing to do.");
    return false;
  }
  const now = Date.now();
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const users = Object.fromEntries(
    await Promise.all(
      demoUsers.map(async (u) => [
        u.role,
        await db.user.create({
          data: { email: demoEmail(u.role), name: u.name, role: u.role, passwordHash },
        }),
      ]),
    ),
  ) as Record<Role, { id: string; email: string }>;

  const targets = {
    staging: await db.deploymentTarget.create({
      data: {
        slug: "aws-staging",
        name: "AWS staging (eu-west-1)",
        description: "Shared EKS cluster for pre-production traffic replays.",
        kind: "cloud",
        provider: "aws",
        region: "eu-west-1",
        environment: "staging",
        endpoint: "https://staging.models.example.internal",
        cpuCores: 4,
        memoryMb: 8192,
        minReplicas: 1,
        maxReplicas: 4,
        complianceTags: ["soc2"],
        requiredApprovals: 0,
        createdById: users.admin.id,
      },
    }),
    production: await db.deploymentTarget.create({
      data: {
        slug: "aws-prod",
        name: "AWS production (eu-west-1)",
        description: "Autoscaled EKS node group behind the public API gateway.",
        kind: "cloud",
        provider: "aws",
        region: "eu-west-1",
        environment: "production",
        endpoint: "https://models.example.com",
        cpuCores: 8,
        memoryMb: 16384,
        minReplicas: 2,
        maxReplicas: 20,
        complianceTags: ["soc2", "gdpr"],
        requiredApprovals: 1,
        createdById: users.admin.id,
      },
    }),
    onPrem: await db.deploymentTarget.create({
      data: {
        slug: "dc1-secure",
        name: "Data centre 1 — secure zone",
        description: "On-premise GPU rack for regulated data; no egress.",
        kind: "on_prem",
        provider: "in-house",
        region: "frankfurt-dc1",
        environment: "production",
        endpoint: "https://ml.dc1.example.internal",
        cpuCores: 32,
        memoryMb: 131072,
        gpu: "2x NVIDIA L4",
        minReplicas: 1,
        maxReplicas: 3,
        complianceTags: ["regulated", "gdpr", "iso27001", "research-permit"],
        requiredApprovals: 2,
        createdById: users.admin.id,
      },
    }),
    hybrid: await db.deploymentTarget.create({
      data: {
        slug: "edge-hybrid",
        name: "Hybrid edge (stores + GCP)",
        description: "Models served at the edge with cloud fallback.",
        kind: "hybrid",
        provider: "gcp + edge",
        region: "europe-west4",
        environment: "staging",
        endpoint: "https://edge.example.com",
        cpuCores: 2,
        memoryMb: 4096,
        minReplicas: 1,
        maxReplicas: 40,
        complianceTags: ["gdpr"],
        requiredApprovals: 0,
        createdById: users.admin.id,
      },
    }),
  };

  for (const target of Object.values(targets)) {
    await audit(
      users.admin,
      "deployment_target.create",
      "deployment_target",
      target.id,
      target,
      new Date(now - 100 * day),
    );
  }

  const templates = await db.checklistTemplate.findMany({
    where: { active: true },
    orderBy: [{ stage: "asc" }, { position: "asc" }],
  });

  for (const m of demoModels()) {
    const model = await db.model.create({
      data: {
        slug: m.slug,
        name: m.name,
        description: m.description,
        taskType: m.taskType,
        framework: m.framework,
        tags: m.tags,
        riskLevel: m.riskLevel,
        ownerId: users[m.owner].id,
        ...(m.requirements ? { requirements: { create: m.requirements } } : {}),
      },
    });
    await audit(
      users[m.owner],
      "model.create",
      "model",
      model.id,
      model,
      new Date(now - (m.versions[0].daysAgo + 1) * day),
    );
    await syncDerivedRules(db, model.id);
    const versionIds: string[] = [];
    for (const [i, v] of m.versions.entries()) {
      const createdAt = new Date(now - v.daysAgo * day);
      const version = await db.modelVersion.create({
        data: {
          modelId: model.id,
          version: i + 1,
          artifactUri: v.artifactUri,
          format: v.format,
          sizeBytes: BigInt(v.sizeBytes),
          sha256: sha(v.artifactUri),
          gitCommit: v.gitCommit,
          trainingData: v.trainingData,
          params: v.params as object,
          evalMetrics: v.evalMetrics,
          optimization: v.optimization as object | undefined,
          modelCard: v.modelCard || null,
          createdById: users[m.owner].id,
          createdAt,
        },
      });
      versionIds.push(version.id);
      await audit(
        users[m.owner],
        "model_version.create",
        "model_version",
        version.id,
        version,
        createdAt,
      );
      // Versions that shipped (and the newest of the models waiting for approval) went
      // through stages 1–4 in full; other newest versions are in progress.
      const newest = i === m.versions.length - 1;
      const ready = !newest || readyForApproval.has(m.slug);
      const share = newest ? 0.35 : 0.9;
      await db.checklistItem.createMany({
        data: templates.map((t, k) => {
          const gated = t.stage !== "monitoring" && t.required;
          const done = !t.evidenceRule && ((ready && gated) || ((k * 7) % 10) / 10 < share);
          return {
            ...checklistItemFromTemplate(version.id, t),
            checked: done,
            checkedById: done ? users[k % 2 ? "editor" : m.owner].id : null,
            checkedAt: done ? new Date(createdAt.getTime() + (k + 1) * 3_600_000) : null,
            note: done && k % 3 === 0 ? "Reviewed in the weekly model review." : null,
          };
        }),
      });
    }
    for (const [i, id] of versionIds.entries()) {
      // Nobody approves their own work: an approver (or admin) who waived items cannot vote on
      // them, so the waiver comes from the owner when they may waive, else from the admin.
      // The demo's queue then has one request for each approver to decide.
      const waiver = m.owner === "editor" ? users.admin : users[m.owner];
      if (i < versionIds.length - 1 || readyForApproval.has(m.slug))
        await waiveOpenEvidence(id, waiver.id);
    }
    await deployDemo(m.slug, model.id, versionIds, targets, users, now);
    const newest = await db.modelVersion.findFirstOrThrow({
      where: { modelId: model.id },
      orderBy: { version: "desc" },
    });
    await db.model.update({
      where: { id: model.id },
      data: { latestVersion: newest.version, latestStage: newest.stage },
    });
  }
  // Two requests wait in the approval queue, made through the same service the API uses.
  const editor = {
    user: {
      id: users.editor.id,
      email: users.editor.email,
      name: "Eli Editor",
      role: "editor" as const,
    },
  };
  // One canary that already ran, on the edge target, before production's request below.
  await seedRollout(editor, now, log);
  for (const slug of readyForApproval) {
    const model = await db.model.findUniqueOrThrow({
      where: { slug },
      select: { latestVersion: true },
    });
    await requestPromotion(editor, slug, model.latestVersion!, {
      target: "aws-prod",
      reason:
        slug === "seattle-weather"
          ? "Better recall on rain days in the 2015 holdout; latency unchanged."
          : "Retrained on the autumn schedule; delay recall up on the holdout.",
    });
  }
  await seedMonitoring(now, log);
  await seedDriftAndAlerts(now, log);
  await seedRetraining(now, log);
  // The demo is written row by row, around the services: count every version's checklist once.
  const versions = await db.modelVersion.findMany({ select: { id: true } });
  await refreshProgress(db, { versionIds: versions.map((v) => v.id) });
  log(`Seeded demo data: ${demoUsers.length} users, 4 targets, ${demoModels().length} models.`);
  return true;
}

/** Models whose newest version waits for approval to aws-prod in the demo. */
const readyForApproval = new Set(["seattle-weather", "flight-delay"]);

/** Required items of stages 1–4 that check themselves and fail were accepted at review: waived. */
async function waiveOpenEvidence(versionId: string, approverId: string) {
  const checklist = await getChecklist(versionId);
  const open = checklist.stages
    .filter((s) => s.stage !== "monitoring")
    .flatMap((s) => s.items)
    .filter((i) => i.required && !i.done);
  if (open.length === 0) return;
  await db.checklistItem.updateMany({
    where: { id: { in: open.map((i) => i.id) } },
    data: {
      waived: true,
      waiverReason: "Accepted at the model review; tracked as follow-up work.",
      waivedById: approverId,
      waivedAt: new Date(),
    },
  });
}

type Targets = Record<"staging" | "production" | "onPrem" | "hybrid", { id: string }>;

/** A plausible history: older versions superseded by newer ones on the same target. */
async function deployDemo(
  slug: string,
  modelId: string,
  versionIds: string[],
  t: Targets,
  users: Record<Role, { id: string; email: string }>,
  now: number,
) {
  const plan: Record<string, { target: keyof Targets; version: number; daysAgo: number }[]> = {
    "seattle-weather": [
      { target: "staging", version: 1, daysAgo: 55 },
      { target: "production", version: 1, daysAgo: 50 },
      { target: "staging", version: 2, daysAgo: 28 },
      { target: "production", version: 2, daysAgo: 21 },
      { target: "hybrid", version: 2, daysAgo: 14 },
    ],
    "flight-delay": [
      { target: "staging", version: 1, daysAgo: 40 },
      { target: "staging", version: 2, daysAgo: 10 },
    ],
    "penguin-species": [{ target: "onPrem", version: 1, daysAgo: 80 }],
  };
  const active = new Map<string, { id: string }>();
  for (const step of plan[slug] ?? []) {
    const at = new Date(now - step.daysAgo * day);
    const previous = active.get(step.target);
    if (previous) {
      const old = await db.deployment.update({
        where: { id: previous.id },
        data: { status: "superseded", endedAt: at, endReason: "superseded by a newer version" },
      });
      // A version no longer running anywhere in production is retired.
      const stillInProd = await db.deployment.count({
        where: {
          versionId: old.versionId,
          status: "active",
          target: { environment: "production" },
        },
      });
      const wasProd =
        (await db.modelVersion.findUniqueOrThrow({ where: { id: old.versionId } })).stage ===
        "production";
      if (wasProd && stillInProd === 0 && old.versionId !== versionIds[step.version - 1]) {
        await db.modelVersion.update({ where: { id: old.versionId }, data: { stage: "archived" } });
      }
    }
    const d = await db.deployment.create({
      data: {
        modelId,
        versionId: versionIds[step.version - 1],
        targetId: t[step.target].id,
        status: "active",
        deployedById: users.approver.id,
        previousId: previous?.id ?? null,
        activatedAt: at,
        createdAt: at,
      },
    });
    active.set(step.target, d);
    await audit(users.approver, "deployment.activate", "deployment", d.id, d, at);
    const stage =
      step.target === "production" || step.target === "onPrem" ? "production" : "staging";
    const current = await db.modelVersion.findUniqueOrThrow({
      where: { id: versionIds[step.version - 1] },
      select: { stage: true },
    });
    if (current.stage !== "production")
      await db.modelVersion.update({
        where: { id: versionIds[step.version - 1] },
        data: { stage },
      });
  }
}

const usage = "usage: npm run db:seed [-- --demo]";

async function main(argv: string[]): Promise<number> {
  let demo: boolean;
  try {
    demo = parseArgs({
      args: argv,
      options: { demo: { type: "boolean", default: false } },
      strict: true,
    }).values.demo;
  } catch (e) {
    console.error(`${(e as Error).message}\n${usage}`);
    return 2;
  }
  try {
    if (demo) {
      await seedDemo();
    } else {
      await seedTemplates();
      console.log(
        "Checklist templates in place. No accounts created (the demo and its users come with --demo).",
      );
    }
    return 0;
  } finally {
    await db.$disconnect();
  }
}

const isMain = process.argv[1]?.endsWith("seed.ts");
if (isMain) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      console.error(e instanceof Error ? e.message : e);
      process.exitCode = 1;
    },
  );
}
