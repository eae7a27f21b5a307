/**
 * Request counters of one load balancer, named after the CloudWatch metrics they stand for
 * (`RequestCount`, `HTTPCode_ELB_5XX_Count`, `HTTPCode_ELB_502_Count`, `HTTPCode_Target_2XX_Count`…),
 * plus `HTTPCode_ELB_460_Count` for requests whose client went away first. The target path only
 * bumps two integers; names are built when a snapshot is asked for.
 */
export class ElbMetrics {
  private requests = 0;
  private readonly targetByClass = [0, 0, 0, 0, 0, 0];
  private readonly elbByStatus = new Map<number, number>();

  /** Counts one request answered by `origin` with `status`. */
  record(origin: 'elb' | 'target', status: number): void {
    this.requests += 1;
    if (origin === 'target') {
      const klass = Math.min(5, Math.max(0, Math.floor(status / 100)));
      this.targetByClass[klass] = (this.targetByClass[klass] ?? 0) + 1;
      return;
    }
    this.elbByStatus.set(status, (this.elbByStatus.get(status) ?? 0) + 1);
  }

  snapshot(): Readonly<Record<string, number>> {
    const out: Record<string, number> = { RequestCount: this.requests };
    this.targetByClass.forEach((count, klass) => {
      if (count > 0) out[`HTTPCode_Target_${klass}XX_Count`] = count;
    });
    for (const [status, count] of this.elbByStatus) {
      const klass = `HTTPCode_ELB_${Math.floor(status / 100)}XX_Count`;
      out[klass] = (out[klass] ?? 0) + count;
      out[`HTTPCode_ELB_${status}_Count`] = count;
    }
    return out;
  }
}
