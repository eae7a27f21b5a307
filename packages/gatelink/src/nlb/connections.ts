/**
 * The open connections of one NLB target group, by target: what a connection-termination setting
 * resets when its target turns unhealthy or its deregistration delay ends.
 */
import type { Socket } from 'node:net';

export interface Flow {
  readonly client: Socket;
  /** The NLB's own connection to the target; none when the client's socket was handed to an in-process ALB. */
  readonly upstream?: Socket;
}

export class FlowTable {
  private readonly byTarget = new Map<string, Set<Flow>>();

  add(targetId: string, flow: Flow): () => void {
    let flows = this.byTarget.get(targetId);
    if (flows === undefined) {
      flows = new Set();
      this.byTarget.set(targetId, flows);
    }
    flows.add(flow);
    const own = flows;
    return () => {
      own.delete(flow);
      if (own.size === 0 && this.byTarget.get(targetId) === own) this.byTarget.delete(targetId);
    };
  }

  /** Resets every connection to `targetId` (both sides get an RST); returns how many there were. */
  reset(targetId: string): number {
    const flows = [...(this.byTarget.get(targetId) ?? [])];
    for (const flow of flows) resetBoth(flow);
    return flows.length;
  }

  count(): number {
    let total = 0;
    for (const flows of this.byTarget.values()) total += flows.size;
    return total;
  }

  resetAll(): void {
    for (const targetId of [...this.byTarget.keys()]) this.reset(targetId);
  }
}

export function resetBoth(flow: Flow): void {
  resetSocket(flow.client);
  if (flow.upstream) resetSocket(flow.upstream);
}

/** Closes with an RST (what the NLB sends), or plainly when the socket cannot reset any more. */
export function resetSocket(socket: Socket): void {
  if (socket.destroyed) return;
  try {
    socket.resetAndDestroy();
  } catch {
    socket.destroy();
  }
}
