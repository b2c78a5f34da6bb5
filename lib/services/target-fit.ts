import type { DataSensitivity } from "@/lib/generated/prisma/enums";

// Whether a deployment target fits a model's requirements, and why not. Pure: the checklist's
// evidence, the promotion gates and the target picker all ask the same question.

export interface FitRequirements {
  memoryMb: number | null;
  gpuRequired: boolean;
  dataSensitivity: DataSensitivity;
  complianceTags: string[];
}

export interface FitTarget {
  memoryMb: number | null;
  gpu: string | null;
  complianceTags: string[];
}

export interface Fit {
  fits: boolean;
  reasons: string[];
}

export function targetFits(req: FitRequirements | null, target: FitTarget): Fit {
  if (!req) return { fits: false, reasons: ["the model has no requirements to check against"] };
  const reasons: string[] = [];
  if (req.memoryMb !== null && (target.memoryMb === null || target.memoryMb < req.memoryMb)) {
    reasons.push(
      `needs ${req.memoryMb} MB of memory; the target offers ${target.memoryMb ?? "an unknown amount"}`,
    );
  }
  if (req.gpuRequired && !target.gpu) reasons.push("needs a GPU; the target has none");
  const tags = new Set(target.complianceTags.map((t) => t.toLowerCase()));
  if (req.dataSensitivity === "regulated" && !tags.has("regulated")) {
    reasons.push("handles regulated data; the target does not declare `regulated`");
  }
  const missing = req.complianceTags.filter((t) => !tags.has(t.toLowerCase()));
  if (missing.length)
    reasons.push(
      `needs compliance ${missing.join(", ")}; the target lacks ${missing.length > 1 ? "them" : "it"}`,
    );
  return { fits: reasons.length === 0, reasons };
}
