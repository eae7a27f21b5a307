/**
 * The pure half of the report: percentiles, min/median/max, aligned tables and the closing ratio
 * line. Everything here is a function of numbers, so it is unit-tested without starting anything.
 */

/** The value at percentile `p` (0–100) of ascending `sorted`, nearest-rank; NaN when empty. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number;
}

export interface Spread {
  readonly min: number;
  readonly median: number;
  readonly max: number;
}

export function spread(values: readonly number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  return { min: sorted[0] ?? Number.NaN, median: percentile(sorted, 50), max: sorted.at(-1) ?? Number.NaN };
}

/** Columns padded to their widest cell; numbers-looking cells are right-aligned. */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, column) => (/^[-+]?[\d.,]+( ?%| ms| MB)?$|^-$/.test(cell) && column > 0 ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

/** `12,345` */
export function formatRate(value: number): string {
  return Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : '-';
}

/** Milliseconds with two decimals, `-` when unknown. */
export function formatMs(value: number | undefined): string {
  return value === undefined || !Number.isFinite(value) ? '-' : value.toFixed(2);
}

/** The line the data-plane bench ends with: `gatelink/nginx throughput ratio: 0.87`. */
export function ratioLine(peer: string, gatelinkRps: number, peerRps: number): string {
  return ratioValueLine(peer, peerRps > 0 ? gatelinkRps / peerRps : Number.NaN);
}

/** The same line for a ratio already worked out (the median of several rounds'). */
export function ratioValueLine(peer: string, ratio: number): string {
  return `gatelink/${peer} throughput ratio: ${Number.isFinite(ratio) ? ratio.toFixed(2) : 'n/a'}`;
}

/** Extra p99 latency of gatelink over the task alone, in ms (may be negative within noise). */
export function addedP99(gatelinkP99: number, directP99: number): string {
  return formatAddedMs(gatelinkP99 - directP99);
}

/** A latency difference with its sign: `+0.50 ms`, `-0.25 ms`. */
export function formatAddedMs(added: number): string {
  return `${added >= 0 ? '+' : ''}${added.toFixed(2)} ms`;
}
