// The alerts list's order: what burns first. Firing, then pending, acknowledged and resolved;
// within a state the most severe first; then the newest.

const stateRank: Record<string, number> = { firing: 0, pending: 1, acknowledged: 2, resolved: 3 };
const severityRank: Record<string, number> = { critical: 0, warning: 1, info: 2 };

interface Sortable {
  state: string;
  severity: string;
  startedAt: string;
  firedAt: string | null;
}

const rank = (table: Record<string, number>, key: string) => table[key] ?? 99;
const since = (a: Sortable) => Date.parse(a.firedAt ?? a.startedAt);

export function sortAlerts<T extends Sortable>(alerts: T[]): T[] {
  return [...alerts].sort(
    (a, b) =>
      rank(stateRank, a.state) - rank(stateRank, b.state) ||
      rank(severityRank, a.severity) - rank(severityRank, b.severity) ||
      since(b) - since(a),
  );
}
