/**
 * Listening with the sockets counted: gatelink's servers (gateway, admin API) must be able to close
 * every connection on stop, so a keep-alive client can never hold a port or the process open.
 */
import type { Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface Listening {
  readonly port: number;
  /** Open client connections, kept up to date until they close. */
  readonly sockets: ReadonlySet<Socket>;
}

export async function listenTracked(server: Server, port: number, host: string): Promise<Listening> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return { port: (server.address() as AddressInfo).port, sockets };
}
