/**
 * Listening with the sockets counted: gatelink's servers (gateway, admin API) must be able to close
 * every connection on stop, so a keep-alive client can never hold a port or the process open.
 */
import type { Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { GatelinkError } from '../errors.js';

export interface Listening {
  readonly port: number;
  /** Open client connections, kept up to date until they close. */
  readonly sockets: ReadonlySet<Socket>;
}

/** `what` names the server in the error a taken port gets (`the HTTP API gateway`, `the admin API`). */
export async function listenTracked(server: Server, port: number, host: string, what: string): Promise<Listening> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' ? new GatelinkError('GL_ERR_PORT_IN_USE', { port, host, what }, { cause: error }) : error);
    });
    server.listen(port, host, () => resolve());
  });
  return { port: (server.address() as AddressInfo).port, sockets };
}
