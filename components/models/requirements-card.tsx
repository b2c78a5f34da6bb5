"use client";

import { Pencil } from "lucide-react";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { FormFooter } from "@/components/ui/form-footer";
import { Card, CardHeader } from "@/components/ui/card";
import { Dialog } from "@/components/ui/dialog";
import { Field, Input, Select, Textarea } from "@/components/ui/input";
import { ApiError, type ApiBody } from "@/lib/client/api";
import { useApiMutation } from "@/lib/client/hooks";
import { modelEndpoints } from "@/lib/endpoints/models";
import { formatMetric } from "@/lib/format";
import { dataSensitivities, integrationStyles } from "@/lib/schemas/models";
import type { RequirementsDto } from "@/lib/schemas/models";

const num = (v: FormDataEntryValue | null) =>
  v === null || String(v).trim() === "" ? null : Number(v);
const str = (v: FormDataEntryValue | null) =>
  v === null || String(v).trim() === "" ? null : String(v).trim();

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="flex items-baseline justify-between gap-4 border-b border-border py-1.5 last:border-0">
      <dt className="text-xs text-muted">{label}</dt>
      <dd className="text-right text-sm tabular-nums">{children}</dd>
    </div>
  );
}

const unset = <span className="text-muted">not set</span>;

export function RequirementsCard({
  slug,
  requirements,
  canEdit,
}: {
  slug: string;
  requirements: RequirementsDto | null;
  canEdit: boolean;
}) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const save = useApiMutation(modelEndpoints.putRequirements, {
    onSuccess: () => {
      setOpen(false);
      router.refresh();
    },
    onError: (e) =>
      setErrors(
        e instanceof ApiError && e.errors.length ? e.fieldErrors() : { form: (e as Error).message },
      ),
  });

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setErrors({});
    const f = new FormData(e.currentTarget);
    const tags = String(f.get("complianceTags") ?? "")
      .split(",")
      .map((t) => t.trim())
      .filter(Boolean);
    const body = {
      latencyP95Ms: num(f.get("latencyP95Ms")),
      throughputRps: num(f.get("throughputRps")),
      memoryMb: num(f.get("memoryMb")),
      gpuRequired: f.get("gpuRequired") === "on",
      maxErrorRate: num(f.get("maxErrorRate")),
      minMetricName: str(f.get("minMetricName")),
      minMetricValue: num(f.get("minMetricValue")),
      dataSensitivity: f.get("dataSensitivity"),
      complianceTags: tags,
      integrationStyle: str(f.get("integrationStyle")),
      inputValidation: str(f.get("inputValidation")),
      notes: String(f.get("notes") ?? ""),
    };
    // Sent as typed; the server's schema reports what is wrong, field by field.
    save.mutate({ params: { slug }, body: body as ApiBody<typeof modelEndpoints.putRequirements> });
  }

  const r = requirements;
  const err = (k: string) => errors[k];
  return (
    <Card>
      <CardHeader
        title="Requirements"
        description="Stage 1: what production must give the model, and what it must give back."
        actions={
          canEdit ? (
            <Dialog
              open={open}
              onOpenChange={(o) => {
                setOpen(o);
                setErrors({});
              }}
              title="Edit requirements"
              description="Targets used by the version checks, the target fit check and the alert rules."
              trigger={
                <Button size="sm" variant="secondary">
                  <Pencil className="size-3.5" aria-hidden /> Edit
                </Button>
              }
            >
              <form onSubmit={onSubmit} className="space-y-3" noValidate>
                <div className="grid grid-cols-3 gap-3">
                  <Field label="Latency p95 (ms)" htmlFor="r-lat" error={err("latencyP95Ms")}>
                    <Input
                      id="r-lat"
                      name="latencyP95Ms"
                      type="number"
                      step="any"
                      defaultValue={r?.latencyP95Ms ?? ""}
                      aria-invalid={Boolean(err("latencyP95Ms"))}
                    />
                  </Field>
                  <Field label="Throughput (req/s)" htmlFor="r-thr" error={err("throughputRps")}>
                    <Input
                      id="r-thr"
                      name="throughputRps"
                      type="number"
                      step="any"
                      defaultValue={r?.throughputRps ?? ""}
                      aria-invalid={Boolean(err("throughputRps"))}
                    />
                  </Field>
                  <Field label="Memory budget (MB)" htmlFor="r-mem" error={err("memoryMb")}>
                    <Input
                      id="r-mem"
                      name="memoryMb"
                      type="number"
                      step="1"
                      defaultValue={r?.memoryMb ?? ""}
                      aria-invalid={Boolean(err("memoryMb"))}
                    />
                  </Field>
                </div>
                <div className="grid grid-cols-3 gap-3">
                  <Field label="Max error rate (0–1)" htmlFor="r-err" error={err("maxErrorRate")}>
                    <Input
                      id="r-err"
                      name="maxErrorRate"
                      type="number"
                      step="any"
                      defaultValue={r?.maxErrorRate ?? ""}
                      aria-invalid={Boolean(err("maxErrorRate"))}
                    />
                  </Field>
                  <Field label="Quality metric" htmlFor="r-mname" error={err("minMetricName")}>
                    <Input
                      id="r-mname"
                      name="minMetricName"
                      placeholder="accuracy"
                      defaultValue={r?.minMetricName ?? ""}
                      aria-invalid={Boolean(err("minMetricName"))}
                    />
                  </Field>
                  <Field label="…at least" htmlFor="r-mval" error={err("minMetricValue")}>
                    <Input
                      id="r-mval"
                      name="minMetricValue"
                      type="number"
                      step="any"
                      defaultValue={r?.minMetricValue ?? ""}
                      aria-invalid={Boolean(err("minMetricValue"))}
                    />
                  </Field>
                </div>
                <div className="grid grid-cols-3 gap-3">
                  <Field label="Data sensitivity" htmlFor="r-sens" error={err("dataSensitivity")}>
                    <Select
                      id="r-sens"
                      name="dataSensitivity"
                      defaultValue={r?.dataSensitivity ?? "internal"}
                    >
                      {dataSensitivities.map((d) => (
                        <option key={d} value={d}>
                          {d}
                        </option>
                      ))}
                    </Select>
                  </Field>
                  <Field label="Integration" htmlFor="r-int" error={err("integrationStyle")}>
                    <Select
                      id="r-int"
                      name="integrationStyle"
                      defaultValue={r?.integrationStyle ?? ""}
                    >
                      <option value="">not set</option>
                      {integrationStyles.map((d) => (
                        <option key={d} value={d}>
                          {d}
                        </option>
                      ))}
                    </Select>
                  </Field>
                  <label className="flex items-end gap-2 pb-2 text-sm">
                    <input
                      type="checkbox"
                      name="gpuRequired"
                      defaultChecked={r?.gpuRequired ?? false}
                    />{" "}
                    Needs a GPU
                  </label>
                </div>
                <Field
                  label="Compliance tags"
                  htmlFor="r-comp"
                  error={Object.entries(errors).find(([k]) => k.startsWith("complianceTags"))?.[1]}
                  hint="Comma-separated, e.g. gdpr, hipaa."
                >
                  <Input
                    id="r-comp"
                    name="complianceTags"
                    defaultValue={r?.complianceTags.join(", ") ?? ""}
                  />
                </Field>
                <Field label="Input validation" htmlFor="r-inval" error={err("inputValidation")}>
                  <Textarea
                    id="r-inval"
                    name="inputValidation"
                    rows={2}
                    defaultValue={r?.inputValidation ?? ""}
                  />
                </Field>
                <FormFooter
                  error={errors.form}
                  onCancel={() => setOpen(false)}
                  pending={save.isPending}
                  submit="Save requirements"
                  pendingLabel="Saving…"
                />
              </form>
            </Dialog>
          ) : null
        }
      />
      {r ? (
        <dl className="px-4 py-2">
          <Row label="Latency p95">
            {r.latencyP95Ms !== null ? `≤ ${formatMetric(r.latencyP95Ms)} ms` : unset}
          </Row>
          <Row label="Throughput">
            {r.throughputRps !== null ? `${formatMetric(r.throughputRps)} req/s` : unset}
          </Row>
          <Row label="Memory budget">{r.memoryMb !== null ? `${r.memoryMb} MB` : unset}</Row>
          <Row label="GPU">{r.gpuRequired ? "required" : "not needed"}</Row>
          <Row label="Max error rate">
            {r.maxErrorRate !== null ? `${formatMetric(r.maxErrorRate * 100)} %` : unset}
          </Row>
          <Row label="Quality bar">
            {r.minMetricName ? `${r.minMetricName} ≥ ${formatMetric(r.minMetricValue)}` : unset}
          </Row>
          <Row label="Data sensitivity">
            <Badge
              tone={
                r.dataSensitivity === "regulated"
                  ? "crit"
                  : r.dataSensitivity === "confidential"
                    ? "warn"
                    : "neutral"
              }
            >
              {r.dataSensitivity}
            </Badge>
          </Row>
          <Row label="Compliance">
            {r.complianceTags.length ? (
              <span className="flex flex-wrap justify-end gap-1">
                {r.complianceTags.map((t) => (
                  <Badge key={t}>{t}</Badge>
                ))}
              </span>
            ) : (
              unset
            )}
          </Row>
          <Row label="Integration">{r.integrationStyle ?? unset}</Row>
          {r.inputValidation ? <Row label="Input validation">{r.inputValidation}</Row> : null}
        </dl>
      ) : (
        <p className="px-4 py-6 text-sm text-muted">
          No requirements yet. Set latency, throughput, memory and a quality bar so versions can be
          checked against them.
        </p>
      )}
    </Card>
  );
}
