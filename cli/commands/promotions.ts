import type { z } from "zod";
import { Command } from "commander";
import type {
  deployment as deploymentSchema,
  Gate,
  gatePreview,
  promotion as promotionSchema,
} from "@/lib/schemas/promotions";
import { ApiError, CliError, EXIT_ERROR, EXIT_FAILED, EXIT_OK } from "../errors";
import { api, enc, positiveInt, versionPath, withJson } from "../shared";
import { sleep } from "../api";
import { fmtDuration, note, out, parseDuration, printJson, Spinner } from "../ui";

type GatePreview = z.infer<typeof gatePreview>;
type Promotion = z.infer<typeof promotionSchema>;
type Deployment = z.infer<typeof deploymentSchema>;

/** One line per gate, with each reason it fails indented below. */
export function printGates(gates: Gate[]) {
  for (const g of gates) {
    const mark = g.passed ? "PASS" : g.blocking ? "FAIL" : "WARN";
    out(`${mark}  ${g.title}${g.detail ? `: ${g.detail}` : ""}`);
    if (!g.passed) for (const r of g.reasons) out(`        - ${r}`);
  }
}

function durationArg(raw: string): number {
  return parseDuration(raw);
}

/**
 * `--canary 10:30m,50:30m`: each step's share of traffic and how long it runs. The API checks
 * the rest (whole percents rising below 100, at most ten steps, a day each).
 */
export function canarySteps(raw: string): { percent: number; seconds: number }[] {
  return raw.split(",").map((part) => {
    const m = /^\s*(\d+)\s*%?\s*:\s*(\S+)\s*$/.exec(part);
    if (!m)
      throw new CliError(
        `"${part}" is not a canary step: write percent:duration, e.g. --canary 10:30m,50:30m.`,
      );
    return { percent: Number(m[1]), seconds: Math.round(parseDuration(m[2]) / 1000) };
  });
}

function defaultReason(model: string, version: number, target: string): string {
  const { GITHUB_REPOSITORY, GITHUB_RUN_ID, GITHUB_SHA } = process.env;
  const ci =
    GITHUB_REPOSITORY && GITHUB_RUN_ID
      ? ` by ${GITHUB_REPOSITORY} run ${GITHUB_RUN_ID}${GITHUB_SHA ? ` (${GITHUB_SHA.slice(0, 7)})` : ""}`
      : "";
  return `Promote ${model} v${version} to ${target}: requested${ci} with the modelgate CLI.`;
}

const decided: Record<Promotion["status"], number | null> = {
  pending: null,
  approved: EXIT_OK,
  rejected: EXIT_FAILED,
  cancelled: EXIT_FAILED,
  expired: EXIT_FAILED,
};

function describePromotion(p: Promotion): string {
  switch (p.status) {
    case "approved":
      return p.rolloutId && p.rollout.steps.length
        ? `Approved: ${p.model} v${p.version} runs on ${p.target} as a canary at ${p.rollout.steps[0].percent} % of the traffic (rollout ${p.rolloutId}); each step is analysed against the stable version before the next.`
        : `Approved: ${p.model} v${p.version} is deployed on ${p.target}${p.deploymentId ? ` (deployment ${p.deploymentId})` : ""}.`;
    case "pending":
      return `Promotion ${p.id} of ${p.model} v${p.version} to ${p.target} is pending: ${p.validApprovals}/${p.requiredApprovals} approvals, expires ${p.expiresAt}.`;
    default: {
      const last = [...p.approvals].reverse().find((a) => a.decision === "reject");
      const why =
        p.status === "rejected" && last
          ? ` by ${last.user.name}${last.comment ? `: ${last.comment}` : ""}`
          : p.invalidatedReason
            ? `: ${p.invalidatedReason}`
            : "";
      return `Promotion ${p.id} of ${p.model} v${p.version} to ${p.target} was ${p.status}${why}.`;
    }
  }
}

export function promotionCommands(program: Command) {
  withJson(
    program
      .command("gate")
      .description(
        "Evaluate the promotion gates of a version for a target, without requesting anything. Exit 0 when they pass, 1 when a blocking gate fails.",
      )
      .requiredOption("--model <slug>", "the model")
      .requiredOption("--version <n>", "the version number", positiveInt)
      .requiredOption("--target <slug>", "the deployment target"),
  ).action(async (opts: { model: string; version: number; target: string; json?: boolean }) => {
    const res = await api().get<GatePreview>(`${versionPath(opts.model, opts.version)}/gates`, {
      query: { target: opts.target },
    });
    if (opts.json) printJson(res);
    else {
      printGates(res.gates);
      out(
        res.passed
          ? `Gates pass: ${opts.model} v${opts.version} may be promoted to ${opts.target}.`
          : `Gates fail: ${opts.model} v${opts.version} cannot be promoted to ${opts.target}.`,
      );
    }
    process.exitCode = res.passed ? EXIT_OK : EXIT_FAILED;
  });

  withJson(
    program
      .command("promote")
      .description(
        "Request a promotion of a version to a target. Exit 0 when requested (or with --wait: approved), 1 when the gates refuse it or it is rejected, cancelled, expired or still pending at --timeout, 2 on errors.",
      )
      .requiredOption("--model <slug>", "the model")
      .requiredOption("--version <n>", "the version number", positiveInt)
      .requiredOption("--target <slug>", "the deployment target")
      .option("--reason <text>", "why this version should ship (default: names the CI run)")
      .option(
        "--canary <steps>",
        "roll out as a canary: steps of percent:duration (e.g. 10:30m,50:30m), each analysed against the running version before the next",
        canarySteps,
      )
      .option("--wait", "wait for the decision (approvals) before exiting")
      .option(
        "--timeout <duration>",
        "with --wait: give up after this long (e.g. 30m, 1h, 90s)",
        durationArg,
        30 * 60_000,
      )
      .option("--interval <duration>", "with --wait: how often to check", durationArg, 5_000),
  ).action(
    async (opts: {
      model: string;
      version: number;
      target: string;
      reason?: string;
      canary?: { percent: number; seconds: number }[];
      wait?: boolean;
      timeout: number;
      interval: number;
      json?: boolean;
    }) => {
      const client = api();
      let promotion: Promotion;
      try {
        promotion = await client.post<Promotion>(
          `${versionPath(opts.model, opts.version)}/promotions`,
          {
            target: opts.target,
            reason: opts.reason ?? defaultReason(opts.model, opts.version, opts.target),
            ...(opts.canary ? { rollout: { strategy: "canary", steps: opts.canary } } : {}),
          },
        );
      } catch (e) {
        if (!(e instanceof ApiError) || e.status !== 422 || !Array.isArray(e.problem.gates))
          throw e;
        const gates = e.problem.gates as Gate[];
        if (opts.json) printJson({ status: "refused", detail: e.problem.detail, gates });
        else {
          out(`Refused: ${e.problem.detail ?? "a blocking gate fails"}`);
          printGates(gates);
        }
        process.exitCode = EXIT_FAILED;
        return;
      }
      if (!opts.wait || promotion.status !== "pending") {
        if (opts.json) printJson(promotion);
        else out(describePromotion(promotion));
        process.exitCode = decided[promotion.status] ?? EXIT_OK;
        return;
      }

      if (!opts.json) note(describePromotion(promotion));
      const deadline = Date.now() + opts.timeout;
      const spinner = new Spinner().start(
        `Waiting for approval of ${opts.model} v${opts.version} → ${opts.target} (0/${promotion.requiredApprovals})`,
      );
      try {
        while (promotion.status === "pending" && Date.now() < deadline) {
          await sleep(Math.max(0, Math.min(opts.interval, deadline - Date.now())));
          promotion = await client.get<Promotion>(`/api/v1/promotions/${enc(promotion.id)}`);
          const left = Math.max(0, deadline - Date.now());
          spinner.update(
            `Waiting for approval of ${opts.model} v${opts.version} → ${opts.target} (${promotion.validApprovals}/${promotion.requiredApprovals}, ${fmtDuration(left)} left)`,
          );
        }
      } catch (e) {
        spinner.stop();
        throw e;
      }
      spinner.stop();
      if (opts.json) printJson(promotion);
      if (promotion.status === "pending") {
        if (!opts.json)
          out(
            `Timed out after ${fmtDuration(opts.timeout)}: promotion ${promotion.id} is still pending (${promotion.validApprovals}/${promotion.requiredApprovals} approvals).`,
          );
        process.exitCode = EXIT_FAILED;
        return;
      }
      if (!opts.json) out(describePromotion(promotion));
      process.exitCode = decided[promotion.status] ?? EXIT_ERROR;
    },
  );

  withJson(
    program
      .command("rollback")
      .description(
        "Roll back the active deployment of a model on a target: the version that ran before it becomes active again",
      )
      .requiredOption("--model <slug>", "the model")
      .requiredOption("--target <slug>", "the deployment target")
      .requiredOption("--reason <text>", "why you roll back (kept in the audit log)"),
  ).action(async (opts: { model: string; target: string; reason: string; json?: boolean }) => {
    const client = api();
    const page = await client.get<{ items: Deployment[] }>("/api/v1/deployments", {
      query: { model: opts.model, target: opts.target, status: "active", limit: 1 },
    });
    const active = page.items[0];
    if (!active)
      throw new CliError(
        `${opts.model} has no active deployment on ${opts.target}; nothing to roll back.`,
      );
    const after = await client.post<Deployment>(`/api/v1/deployments/${enc(active.id)}/rollback`, {
      reason: opts.reason,
    });
    if (opts.json) return printJson({ rolledBack: active, active: after });
    out(
      `Rolled back ${opts.model} v${active.version} on ${opts.target}; v${after.version} is active again (deployment ${after.id}).`,
    );
  });
}
