/**
 * Start-up progress for people: one line per phase with the time since the command started, then
 * the endpoints. Written to stderr so stdout stays clean for scripts.
 */
export class Progress {
  private readonly started = performance.now();

  constructor(private readonly out: { write(text: string): unknown } = process.stderr) {}

  step(phase: string, detail: string): void {
    const seconds = ((performance.now() - this.started) / 1000).toFixed(2);
    this.out.write(`gatelink ${phase.padEnd(8)} ${detail.padEnd(58)} ${seconds.padStart(6)}s\n`);
  }

  elapsedMs(): number {
    return performance.now() - this.started;
  }

  endpoints(lines: readonly [string, string][]): void {
    this.out.write('\n');
    for (const [label, url] of lines) this.out.write(`  ${label.padEnd(12)} ${url}\n`);
    this.out.write('\n  Ctrl-C stops everything.\n\n');
  }
}
