/** CloudWatch-style flow counters of one NLB listener (AWS/NetworkELB's NewFlowCount, ActiveFlowCount, TCP_ELB_Reset_Count). */
export class NlbMetrics {
  private newFlows = 0;
  private activeFlows = 0;
  private resets = 0;

  opened(): void {
    this.newFlows += 1;
    this.activeFlows += 1;
  }

  closed(): void {
    this.activeFlows -= 1;
  }

  reset(): void {
    this.resets += 1;
  }

  snapshot(): Readonly<Record<string, number>> {
    return { NewFlowCount: this.newFlows, ActiveFlowCount: this.activeFlows, TCP_ELB_Reset_Count: this.resets };
  }
}
