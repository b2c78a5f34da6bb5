import { performance } from "node:perf_hooks";

/**
 * Laps of one request, for the `Server-Timing` header: each lap is the time since the
 * previous one (or since the request began), under the name of the step that just ended.
 */
export class ServerTiming {
  private last = performance.now();
  private readonly laps: [string, number][] = [];

  lap(name: string): void {
    const now = performance.now();
    this.laps.push([name, now - this.last]);
    this.last = now;
  }

  /** `auth;dur=0.41, body;dur=1.20, …` (milliseconds, as the header's grammar wants). */
  header(): string {
    return this.laps.map(([name, ms]) => `${name};dur=${ms.toFixed(2)}`).join(", ");
  }
}
