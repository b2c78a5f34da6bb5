"use client";

import { Check, Copy } from "lucide-react";
import { type FormEvent, useState } from "react";
import { Button } from "@/components/ui/button";
import { FormFooter } from "@/components/ui/form-footer";
import { Field, Input } from "@/components/ui/input";
import type { ApiBody } from "@/lib/client/api";
import { cn } from "@/lib/cn";
import type { webhookEndpoints } from "@/lib/endpoints/webhooks";
import type { EventType } from "@/lib/schemas/events";

type WebhookValues = Required<ApiBody<typeof webhookEndpoints.create>>;

export const ALL_EVENTS = "*";

/** The webhook fields, for both "New webhook" and "Edit". Field errors come from the API. */
export function WebhookForm({
  eventTypes,
  initial,
  errors,
  pending,
  submit,
  pendingLabel,
  onSubmit,
  onCancel,
}: {
  eventTypes: readonly EventType[];
  initial?: { url: string; events: string[]; active: boolean };
  errors: Record<string, string>;
  pending: boolean;
  submit: string;
  pendingLabel: string;
  onSubmit: (values: WebhookValues) => void;
  onCancel: () => void;
}) {
  const [events, setEvents] = useState<string[]>(initial?.events ?? []);
  const all = events.includes(ALL_EVENTS);
  const eventsError =
    errors.events ?? Object.entries(errors).find(([k]) => k.startsWith("events."))?.[1];

  function toggle(name: string, on: boolean) {
    setEvents((prev) =>
      on ? [...prev.filter((e) => e !== name), name] : prev.filter((e) => e !== name),
    );
  }

  function handle(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    onSubmit({
      url: String(f.get("url") ?? "").trim(),
      events: all ? [ALL_EVENTS] : eventTypes.filter((t) => events.includes(t)),
      active: f.get("active") === "on",
    });
  }

  return (
    <form onSubmit={handle} className="space-y-3" noValidate>
      <Field
        label="Payload URL"
        htmlFor="wh-url"
        error={errors.url}
        hint="Where Modelgate POSTs each event as JSON. http or https."
      >
        <Input
          id="wh-url"
          name="url"
          type="url"
          inputMode="url"
          placeholder="https://hooks.example.com/modelgate"
          defaultValue={initial?.url}
          aria-invalid={Boolean(errors.url)}
          aria-describedby={errors.url ? "wh-url-error" : undefined}
          autoFocus
        />
      </Field>
      <fieldset aria-describedby={eventsError ? "wh-events-error" : undefined}>
        <legend className="mb-1 text-xs font-medium">Events</legend>
        <label className="mb-1.5 flex items-center gap-2 rounded-md border border-border bg-surface-2 px-2 py-1.5 text-sm">
          <input
            type="checkbox"
            checked={all}
            onChange={(e) => toggle(ALL_EVENTS, e.target.checked)}
            className="accent-[var(--accent)]"
          />
          <span>Every event</span>
          <span className="font-mono text-xs text-muted">*</span>
          <span className="ml-auto text-xs text-muted">including types added later</span>
        </label>
        <div className="grid grid-cols-1 gap-x-4 gap-y-1 sm:grid-cols-2">
          {eventTypes.map((t) => (
            <label key={t} className={cn("flex items-center gap-2 text-sm", all && "text-muted")}>
              <input
                type="checkbox"
                checked={all || events.includes(t)}
                disabled={all}
                onChange={(e) => toggle(t, e.target.checked)}
                className="accent-[var(--accent)]"
              />
              <span className="font-mono text-xs">{t}</span>
            </label>
          ))}
        </div>
        {eventsError ? (
          <p id="wh-events-error" role="alert" className="mt-1 text-xs text-crit">
            {eventsError}
          </p>
        ) : null}
      </fieldset>
      <label className="flex items-center gap-2 text-sm">
        <input
          type="checkbox"
          name="active"
          defaultChecked={initial?.active ?? true}
          className="accent-[var(--accent)]"
        />
        Active{" "}
        <span className="text-xs text-muted">
          — inactive webhooks queue nothing new and send nothing
        </span>
      </label>
      <FormFooter
        error={errors.form}
        onCancel={onCancel}
        pending={pending}
        submit={submit}
        pendingLabel={pendingLabel}
      />
    </form>
  );
}

export function CopyButton({ value, label = "Copy" }: { value: string; label?: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <Button
      size="sm"
      variant="secondary"
      aria-label={copied ? "Copied" : label}
      onClick={async () => {
        try {
          await navigator.clipboard.writeText(value);
          setCopied(true);
          setTimeout(() => setCopied(false), 2000);
        } catch {
          setCopied(false);
        }
      }}
    >
      {copied ? (
        <Check aria-hidden className="size-3.5" />
      ) : (
        <Copy aria-hidden className="size-3.5" />
      )}{" "}
      {copied ? "Copied" : "Copy"}
    </Button>
  );
}

export const verificationSnippet = `import crypto from "node:crypto";

// rawBody: the body exactly as received, not re-serialized JSON
function verify(secret, rawBody, headers) {
  const timestamp = headers["x-modelgate-timestamp"];
  const expected = "sha256=" + crypto.createHmac("sha256", secret)
    .update(timestamp + "." + rawBody).digest("hex");
  const given = String(headers["x-modelgate-signature"] ?? "");
  const fresh = Math.abs(Date.now() / 1000 - Number(timestamp)) < 300;
  return fresh && given.length === expected.length &&
    crypto.timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}`;

/** How deliveries are signed, with a snippet to verify them. */
export function SigningHelp({ className }: { className?: string }) {
  return (
    <div className={cn("space-y-2 text-xs text-muted", className)}>
      <p>
        Each delivery is a <code className="font-mono text-fg">POST</code> of{" "}
        <code className="font-mono text-fg">{"{ id, type, createdAt, data }"}</code> with the
        headers <code className="font-mono text-fg">X-Modelgate-Event</code>,{" "}
        <code className="font-mono text-fg">X-Modelgate-Timestamp</code> (unix seconds) and{" "}
        <code className="font-mono text-fg">X-Modelgate-Signature: sha256=&lt;hex&gt;</code>, the
        HMAC-SHA256 of <code className="font-mono text-fg">&lt;timestamp&gt;.&lt;body&gt;</code>{" "}
        keyed with the webhook&apos;s secret. A non-2xx answer is retried with exponential backoff
        (10 s, 20 s, 40 s … up to an hour; 8 attempts).
      </p>
      <div className="relative">
        <pre
          tabIndex={0}
          className="overflow-auto rounded-md border border-border bg-surface-2 p-3 font-mono text-[11px] leading-relaxed text-fg"
        >
          {verificationSnippet}
        </pre>
        <div className="absolute right-2 top-2">
          <CopyButton value={verificationSnippet} label="Copy the verification snippet" />
        </div>
      </div>
    </div>
  );
}
