/**
 * The containers of one task share its network in AWS (awsvpc: one address, `localhost` between
 * them, each container on its `portMappings` ports). Natively every task shares the machine's
 * loopback, so each container that maps a port gets a free port of its own in `PORT`; this is the
 * table from container port to native port, used to rewrite health-check commands and to tell the
 * containers of a task where their neighbours listen.
 */

export type PortTable = ReadonlyMap<number, number>;

/** `localhost:8080`, `127.0.0.1:8080`, `0.0.0.0:8080`, `[::1]:8080` naming a port of the task. */
const LOOPBACK_PORT = /\b(localhost|127\.0\.0\.1|0\.0\.0\.0)(:)(\d{1,5})\b|(\[::1\])(:)(\d{1,5})\b/g;

/** Rewrites the task's container ports in a command to the ports its containers listen on natively. */
export function rewriteTaskPorts(text: string, ports: PortTable): string {
  return text.replace(LOOPBACK_PORT, (whole, host?: string, _c?: string, port?: string, v6?: string, _c6?: string, port6?: string) => {
    const native = ports.get(Number(port ?? port6));
    return native === undefined ? whole : `${host ?? v6}:${native}`;
  });
}

/** `GATELINK_PORT_<CONTAINER>`: where each container of the task listens natively (its `PORT`). */
export function neighbourPortEnv(ports: ReadonlyMap<string, number>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [container, port] of ports) env[`GATELINK_PORT_${container.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`] = String(port);
  return env;
}
