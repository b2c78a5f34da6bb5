import { Badge, type Tone } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";

/** One operation of the OpenAPI document, flattened on the server for the reference page. */
export interface ApiOperation {
  method: string;
  path: string;
  tag: string;
  summary: string;
  description?: string;
  permission?: string;
  params: { name: string; in: string; about: string }[];
  /** The request body's JSON schema, pretty-printed. */
  request?: string;
  responses: { status: string; description: string; schema?: string; example?: string }[];
}

const methodTone: Record<string, Tone> = {
  get: "info",
  post: "ok",
  put: "warn",
  patch: "warn",
  delete: "crit",
};

function Json({ label, text, testId }: { label: string; text: string; testId: string }) {
  return (
    <div className="min-w-0">
      <div className="mt-2 text-[11px] font-medium text-muted">{label}</div>
      <pre
        tabIndex={0}
        data-testid={testId}
        className="mt-1 max-h-80 overflow-auto rounded bg-surface-2 p-2 text-[11px]"
      >
        {text}
      </pre>
    </div>
  );
}

export function ApiOperationCard({ op }: { op: ApiOperation }) {
  return (
    <div data-testid="operation">
      <Card className="p-4">
        <div className="flex flex-wrap items-center gap-2">
          <Badge tone={methodTone[op.method]} className="w-14 justify-center uppercase">
            {op.method}
          </Badge>
          <code className="min-w-0 font-mono text-sm [overflow-wrap:anywhere]">{op.path}</code>
          <span className="text-sm text-muted">— {op.summary}</span>
          {op.permission ? <Badge>needs {op.permission}</Badge> : null}
        </div>
        {op.description ? (
          <p className="mt-2 text-sm text-muted [overflow-wrap:anywhere]">{op.description}</p>
        ) : null}
        {op.params.length ? (
          <table className="mt-3 w-full text-xs">
            <tbody>
              {op.params.map((p) => (
                <tr key={`${p.in}-${p.name}`} className="border-t border-border">
                  <td className="py-1 pr-3 font-mono">{p.name}</td>
                  <td className="py-1 pr-3 text-muted">{p.in}</td>
                  <td className="py-1 text-muted">{p.about}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
        {op.request ? (
          <details className="mt-3">
            <summary className="cursor-pointer text-xs font-medium">Request body</summary>
            <Json label="Schema" text={op.request} testId="request-schema" />
          </details>
        ) : null}
        {op.responses
          .filter((r) => r.schema)
          .map((r) => (
            <details key={r.status} className="mt-3">
              <summary className="cursor-pointer text-xs font-medium">
                Response {r.status}{" "}
                <span className="font-normal text-muted">— {r.description}</span>
              </summary>
              <div className="grid gap-2 lg:grid-cols-2">
                <Json label="Schema" text={r.schema!} testId="response-schema" />
                {r.example ? (
                  <Json label="Example" text={r.example} testId="response-example" />
                ) : null}
              </div>
            </details>
          ))}
        <div className="mt-3 flex flex-wrap gap-1.5 text-xs">
          {op.responses.map((r) => (
            <span
              key={r.status}
              title={r.description}
              className="rounded border border-border px-1.5 py-0.5 font-mono"
            >
              {r.status}
            </span>
          ))}
        </div>
      </Card>
    </div>
  );
}
