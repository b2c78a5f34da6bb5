"use client";

import { Check, Copy } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";

function Example({ label, text, testId }: { label: string; text: string; testId: string }) {
  return (
    <div>
      <div className="mb-1 text-xs font-medium">{label}</div>
      <pre
        tabIndex={0}
        data-testid={testId}
        className="overflow-x-auto whitespace-pre-wrap rounded-md border border-border bg-surface-2 p-2 font-mono text-[11px] [overflow-wrap:anywhere]"
      >
        {text}
      </pre>
    </div>
  );
}

/** The new token, shown once, with the two first things to do with it: call the API, log in the CLI. */
export function TokenCreated({ secret, onDone }: { secret: string; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  const origin = typeof window === "undefined" ? "https://modelgate.example.com" : location.origin;
  return (
    <div className="space-y-3">
      <div className="flex items-center gap-2 rounded-md border border-border bg-surface-2 p-2">
        <code
          data-testid="new-token"
          className="min-w-0 flex-1 font-mono text-xs [overflow-wrap:anywhere]"
        >
          {secret}
        </code>
        <Button
          size="sm"
          variant="secondary"
          onClick={async () => {
            await navigator.clipboard.writeText(secret);
            setCopied(true);
          }}
        >
          {copied ? <Check className="size-3.5" /> : <Copy className="size-3.5" />}{" "}
          {copied ? "Copied" : "Copy"}
        </Button>
      </div>
      <Example
        label="Try it: list the models"
        testId="curl-example"
        text={`curl -H "Authorization: Bearer ${secret}" ${origin}/api/v1/models`}
      />
      <Example
        label="Or store it for the modelgate CLI"
        testId="login-example"
        text={`printf '%s' '${secret}' | modelgate login --url ${origin} --token-stdin`}
      />
      <div className="flex justify-end">
        <Button onClick={onDone}>Done</Button>
      </div>
    </div>
  );
}
