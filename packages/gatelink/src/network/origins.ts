/**
 * Who is really at the other end of a loopback connection. Every hop runs on 127.0.0.1, so a
 * load balancer's socket cannot tell a VPC link from an NLB node or a client on the internet by
 * address. The hop that opens a connection (the VPC link's handler, an NLB forwarding to an ALB)
 * records here, under its socket's local port, the network identity AWS would show: the source
 * address and security groups. The accepting hop looks the port up; a connection nobody recorded
 * comes from outside gatelink (a local client standing in for the internet).
 */
import net from 'node:net';

export interface ConnectionOrigin {
  /** The address the next hop sees (a VPC link's or an NLB's private address, or the client's with client IP preservation). */
  readonly address: string;
  /** Security groups of the network interface the connection leaves from; empty for a client on the internet. */
  readonly securityGroupIds: readonly string[];
  readonly description: string;
}

export class ConnectionOrigins {
  private readonly byPort = new Map<number, ConnectionOrigin>();

  /**
   * Opens a connection to host:port and records `origin` under its local port as soon as the port
   * is bound (before the peer can accept it); the record goes when the socket closes.
   */
  connect(host: string, port: number, origin: ConnectionOrigin, options: { readonly allowHalfOpen?: boolean } = {}): net.Socket {
    const socket = net.connect({ host, port, noDelay: true, allowHalfOpen: options.allowHalfOpen ?? false });
    // For an IP literal, net binds the local port on the next tick; this tick comes right after it.
    process.nextTick(() => this.recordWhenBound(socket, origin));
    return socket;
  }

  /**
   * The origin of an accepted socket; undefined when it comes from outside gatelink. The opener
   * records on the tick after its connect call, before the kernel's accept can reach the listener's
   * loop turn; one more turn is allowed for a record still on its way.
   */
  async originOf(socket: net.Socket): Promise<ConnectionOrigin | undefined> {
    const port = socket.remotePort;
    if (port === undefined) return undefined;
    const known = this.byPort.get(port);
    if (known !== undefined || !isLoopback(socket.remoteAddress)) return known;
    await new Promise((resolve) => setImmediate(resolve));
    return this.byPort.get(port);
  }

  /** Records known right now (tests). */
  get size(): number {
    return this.byPort.size;
  }

  private recordWhenBound(socket: net.Socket, origin: ConnectionOrigin): void {
    const port = socket.localPort;
    if (port === undefined) {
      if (!socket.destroyed) socket.once('connect', () => this.recordWhenBound(socket, origin));
      return;
    }
    this.byPort.set(port, origin);
    socket.once('close', () => {
      if (this.byPort.get(port) === origin) this.byPort.delete(port);
    });
  }
}

function isLoopback(address: string | undefined): boolean {
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}
