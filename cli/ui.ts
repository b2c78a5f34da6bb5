import { CliError } from "./errors";

// Output helpers: results go to stdout (plain text or --json), progress and notes to stderr.
// Progress bars and spinners are drawn only when stderr is a terminal.

export function out(line = ""): void {
  process.stdout.write(`${line}\n`);
}
export function note(line = ""): void {
  process.stderr.write(`${line}\n`);
}
export function printJson(value: unknown): void {
  out(JSON.stringify(value, null, 2));
}

export const fmtInt = (n: number) => n.toLocaleString("en-US");

/** Columns padded to the widest cell; the last column is not padded. */
export function table(header: string[], rows: string[][]): string[] {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? "").length)));
  return all.map((r) =>
    r
      .map((c, i) => (i === r.length - 1 ? c : (c ?? "").padEnd(widths[i])))
      .join("  ")
      .trimEnd(),
  );
}

/** `30m`, `5s`, `1h30m`, `250ms` or plain seconds → milliseconds. */
export function parseDuration(raw: string): number {
  const text = raw.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/gy;
  let total = 0;
  let matched = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[
      m[2] as "ms" | "s" | "m" | "h" | "d"
    ];
    total += Number(m[1]) * unit;
    matched = re.lastIndex;
  }
  if (matched === 0 || matched !== text.length)
    throw new CliError(`"${raw}" is not a duration (use e.g. 30s, 5m, 1h30m).`);
  return Math.round(total);
}

export function fmtDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${s % 60 ? `${s % 60}s` : ""}`;
  return `${Math.floor(m / 60)}h${m % 60 ? `${m % 60}m` : ""}`;
}

const isTty = () => Boolean(process.stderr.isTTY);

/** A one-line spinner with a message; a no-op when stderr is not a terminal. */
export class Spinner {
  private timer?: NodeJS.Timeout;
  private frame = 0;
  private text = "";
  private static frames = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

  start(text: string) {
    this.text = text;
    if (!isTty() || this.timer) return this;
    this.timer = setInterval(() => this.draw(), 100);
    this.timer.unref();
    this.draw();
    return this;
  }
  update(text: string) {
    this.text = text;
  }
  private draw() {
    const f = Spinner.frames[this.frame++ % Spinner.frames.length];
    process.stderr.write(`\r\x1b[2K${f} ${this.text}`);
  }
  stop() {
    if (!this.timer) return;
    clearInterval(this.timer);
    this.timer = undefined;
    process.stderr.write("\r\x1b[2K");
  }
}

/** A progress bar (when the total is known) or a running count, redrawn at most 10 times a second. */
export class Progress {
  private last = 0;
  private readonly started = Date.now();
  readonly enabled = isTty();

  constructor(
    private readonly label: string,
    private readonly total?: number,
  ) {}

  update(done: number, fraction?: number, force = false) {
    if (!this.enabled) return;
    const now = Date.now();
    if (!force && now - this.last < 100) return;
    this.last = now;
    const rate = done / Math.max(0.001, (now - this.started) / 1000);
    const width = 24;
    let bar = "";
    const f = fraction ?? (this.total ? done / this.total : undefined);
    if (f !== undefined) {
      const filled = Math.round(Math.min(1, Math.max(0, f)) * width);
      bar = `[${"█".repeat(filled)}${"░".repeat(width - filled)}] ${String(Math.floor(Math.min(1, f) * 100)).padStart(3)}% `;
    }
    process.stderr.write(
      `\r\x1b[2K${this.label} ${bar}${fmtInt(done)} points  ${fmtInt(Math.round(rate))}/s`,
    );
  }

  done() {
    if (this.enabled) process.stderr.write("\r\x1b[2K");
  }
}
