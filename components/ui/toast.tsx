"use client";

import { CircleAlert, CircleCheck, Info, X } from "lucide-react";
import Link from "next/link";
import {
  type ReactNode,
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from "react";
import { cn } from "@/lib/cn";

// One way for every action to say what it did: a toast, bottom right, that names the result
// and links to it. Polite (role="status") for what went right, assertive (role="alert") for
// what went wrong. Each leaves after a few seconds, but not while the pointer is on it or the
// keyboard focus is in it; its link and its close button are reachable with Tab.

type Tone = "success" | "error" | "info";

export interface ToastOptions {
  /** A second line: what happens next, or the detail of an error. */
  description?: ReactNode;
  /** Where the result is: the new request, the deployment, the user. */
  link?: { href: string; label: string };
}

interface ToastItem extends ToastOptions {
  id: number;
  tone: Tone;
  title: ReactNode;
}

export interface ToastApi {
  success(title: ReactNode, options?: ToastOptions): void;
  error(title: ReactNode, options?: ToastOptions): void;
  info(title: ReactNode, options?: ToastOptions): void;
}

/** How long a toast stays, unless the pointer or the focus holds it. */
export const TOAST_MS = 6_000;
const MAX_TOASTS = 4;

const ToastContext = createContext<ToastApi | null>(null);

/** The toasts of the page: `toast.success("Added Ada", { link: { href, label } })`. */
export function useToast(): ToastApi {
  const api = useContext(ToastContext);
  if (!api) throw new Error("useToast needs the ToastProvider (components/providers.tsx)");
  return api;
}

const icons = { success: CircleCheck, error: CircleAlert, info: Info };
const iconTone = { success: "text-ok", error: "text-crit", info: "text-accent" };

function Toast({ item, onDismiss }: { item: ToastItem; onDismiss: (id: number) => void }) {
  const [held, setHeld] = useState({ hover: false, focus: false });
  const remaining = useRef(item.tone === "error" ? TOAST_MS * 2 : TOAST_MS);
  const paused = held.hover || held.focus;
  useEffect(() => {
    if (paused) return;
    const started = Date.now();
    const timer = setTimeout(() => onDismiss(item.id), remaining.current);
    return () => {
      clearTimeout(timer);
      remaining.current = Math.max(1_000, remaining.current - (Date.now() - started));
    };
  }, [paused, item.id, onDismiss]);
  const Icon = icons[item.tone];
  return (
    <div
      role={item.tone === "error" ? "alert" : "status"}
      aria-live={item.tone === "error" ? "assertive" : "polite"}
      aria-atomic="true"
      data-tone={item.tone}
      onMouseEnter={() => setHeld((h) => ({ ...h, hover: true }))}
      onMouseLeave={() => setHeld((h) => ({ ...h, hover: false }))}
      onFocus={() => setHeld((h) => ({ ...h, focus: true }))}
      onBlur={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null))
          setHeld((h) => ({ ...h, focus: false }));
      }}
      onKeyDown={(e) => (e.key === "Escape" ? onDismiss(item.id) : null)}
      className={cn(
        "pointer-events-auto flex w-full items-start gap-2.5 rounded-lg border bg-surface p-3 text-sm text-fg shadow-lg",
        item.tone === "error" ? "border-crit/50" : "border-border",
      )}
    >
      <Icon aria-hidden className={cn("mt-0.5 size-4 shrink-0", iconTone[item.tone])} />
      <div className="min-w-0 flex-1">
        <p className="font-medium">{item.title}</p>
        {item.description ? <p className="mt-0.5 text-xs text-muted">{item.description}</p> : null}
        {item.link ? (
          <Link
            href={item.link.href}
            onClick={() => onDismiss(item.id)}
            className="mt-1 inline-block text-xs font-medium text-accent hover:underline focus-visible:underline"
          >
            {item.link.label}
          </Link>
        ) : null}
      </div>
      <button
        type="button"
        onClick={() => onDismiss(item.id)}
        aria-label="Dismiss notification"
        className="-m-1 rounded p-1 text-muted hover:bg-surface-2 hover:text-fg"
      >
        <X aria-hidden className="size-3.5" />
      </button>
    </div>
  );
}

export function ToastProvider({ children }: { children: ReactNode }) {
  const [items, setItems] = useState<ToastItem[]>([]);
  const next = useRef(0);
  const dismiss = useCallback((id: number) => setItems((l) => l.filter((t) => t.id !== id)), []);
  const api = useMemo<ToastApi>(() => {
    const push =
      (tone: Tone) =>
      (title: ReactNode, options: ToastOptions = {}) =>
        setItems((l) => [...l, { ...options, id: ++next.current, tone, title }].slice(-MAX_TOASTS));
    return { success: push("success"), error: push("error"), info: push("info") };
  }, []);
  return (
    <ToastContext.Provider value={api}>
      {children}
      <section
        aria-label="Notifications"
        className="pointer-events-none fixed inset-x-4 bottom-4 z-[60] sm:left-auto sm:w-96"
      >
        <div className="flex flex-col gap-2">
          {items.map((t) => (
            <Toast key={t.id} item={t} onDismiss={dismiss} />
          ))}
        </div>
      </section>
    </ToastContext.Provider>
  );
}
