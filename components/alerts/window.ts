// The time around an alert that its chart draws and its link to the monitoring charts opens.

/**
 * The window drawn around an alert: two hours before it fired (or started) to two hours after
 * it resolved (or fired), not beyond `now`. The alert page links the deployment's charts to it.
 */
export function alertWindow(
  a: { startedAt: string; firedAt: string | null; resolvedAt: string | null },
  now: number,
) {
  const pivot = Date.parse(a.firedAt ?? a.startedAt);
  const end = Math.min(now, (a.resolvedAt ? Date.parse(a.resolvedAt) : pivot) + 2 * 3_600_000);
  return {
    pivot,
    from: new Date(pivot - 2 * 3_600_000).toISOString(),
    to: new Date(Math.max(end, pivot + 60_000)).toISOString(),
  };
}
