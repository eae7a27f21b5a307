/** The HTTP API data plane. */
export { startGateway } from './server.js';
export type { Gateway, GatewayOptions } from './server.js';
export { RouteTable } from './routes.js';
export { GATEWAY_ERRORS, MAX_BODY_BYTES, MAX_HEADER_BYTES } from './errors.js';
