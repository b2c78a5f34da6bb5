import { Fragment } from "react";
import { cn } from "@/lib/cn";

/**
 * An API call in running text ("POST /api/v1/deployments/…/predictions"): on a narrow screen
 * it wraps after a slash, never inside a word (a <wbr> after each "/"; a segment longer than
 * the line still breaks rather than overflow).
 */
export function ApiPath({
  method,
  path,
  className,
}: {
  method?: string;
  path: string;
  className?: string;
}) {
  const parts = path.split("/");
  return (
    <code className={cn("font-mono text-xs [overflow-wrap:anywhere]", className)}>
      {method ? `${method} ` : null}
      {parts.map((p, i) => (
        <Fragment key={i}>
          {p}
          {i < parts.length - 1 ? (
            <>
              /<wbr />
            </>
          ) : null}
        </Fragment>
      ))}
    </code>
  );
}
