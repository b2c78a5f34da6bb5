import type { HTMLAttributes, ReactNode, TdHTMLAttributes, ThHTMLAttributes } from "react";
import { cn } from "@/lib/cn";

// Dense tables with a sticky header; numbers right-aligned (pass `numeric`).
//
// On a phone a wide table would scroll sideways. `<Table stack>` turns each row into a stacked
// block below 640 px instead: the header row is hidden (still read by screen readers) and each
// cell shows its column's name from `<Td label="…">` in front of its value (a cell without a
// label, such as the row's name, spans the line). The CSS is `.stack-rows` in app/globals.css,
// usable on any <table>: give the table the class and each <td> a data-label.

export function Table({
  children,
  className,
  stack,
}: {
  children: ReactNode;
  className?: string;
  /** Stacked rows on phones (see above). */
  stack?: boolean;
}) {
  return (
    <div className={cn("overflow-auto", stack && "max-sm:max-h-none", className)}>
      <table className={cn("w-full border-collapse text-sm", stack && "stack-rows")}>
        {children}
      </table>
    </div>
  );
}

export function Th({
  className,
  numeric,
  ...props
}: ThHTMLAttributes<HTMLTableCellElement> & { numeric?: boolean }) {
  return (
    <th
      scope="col"
      className={cn(
        "sticky top-0 z-10 border-b border-border bg-surface-2 px-3 py-2 text-left text-xs font-medium text-muted",
        numeric && "text-right",
        className,
      )}
      {...props}
    />
  );
}

export function Td({
  className,
  numeric,
  label,
  ...props
}: TdHTMLAttributes<HTMLTableCellElement> & {
  numeric?: boolean;
  /** The column's name, shown before the value when a `<Table stack>` stacks on a phone. */
  label?: string;
}) {
  return (
    <td
      data-label={label}
      className={cn(
        "border-b border-border px-3 py-2 align-middle",
        numeric && "text-right tabular-nums",
        className,
      )}
      {...props}
    />
  );
}

export function Tr({ className, ...props }: HTMLAttributes<HTMLTableRowElement>) {
  return <tr className={cn("hover:bg-surface-2/60", className)} {...props} />;
}
