/**
 * nginx as the same two hops gatelink runs: a "gateway" server (a location per HTTP API route,
 * adding a request id as API Gateway does) proxying over keep-alive to an "ALB" server (a location
 * per listener rule, in priority order, adding the forwarding headers an ALB adds) proxying over
 * keep-alive to the target group's tasks. When the stage writes access logs, the gateway server
 * writes the same line per request (./nginx-access-log.ts). Everything nginx writes stays under
 * `prefix`, and it runs in the foreground (`daemon off`), so a non-root user can run it and the
 * bench can stop it.
 */
import path from 'node:path';
import type { AlbAction, TwoHops } from './model.js';
import { albPatternRegex, routePathRegex } from './model.js';
import { nginxLogFormat } from './nginx-access-log.js';

export interface NginxConfOptions {
  /** A private directory: pid file, error log and temp paths live here. */
  readonly prefix: string;
  readonly gatewayPort: number;
  readonly albPort: number;
  /** `auto` or a count. */
  readonly workers: string;
  readonly hops: TwoHops;
}

/** Requests per client or upstream connection before nginx closes it: effectively unlimited, as in gatelink. */
const KEEPALIVE_REQUESTS = 1_000_000;
const NOT_FOUND = '{"message":"Not Found"}';

/** The main context every bench nginx shares: foreground, its pid and error log under `prefix`. */
export function nginxMain(prefix: string, workers: string): string[] {
  return ['daemon off;', 'master_process on;', `worker_processes ${workers};`, `pid ${path.join(prefix, 'nginx.pid')};`, `error_log ${path.join(prefix, 'error.log')} warn;`, 'events { worker_connections 4096; }'];
}

/** The http context's temp paths under `prefix`, so a non-root user can run nginx. */
export function nginxTempPaths(prefix: string): string[] {
  return ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((kind) => `  ${kind}_temp_path ${path.join(prefix, kind)};`);
}

export function nginxConf(options: NginxConfOptions): string {
  return [
    ...nginxMain(options.prefix, options.workers),
    'http {',
    '  access_log off;',
    ...(options.hops.accessLogFormat === undefined ? [] : [`  log_format apigw escape=json ${nginxLogFormat(options.hops.accessLogFormat)};`]),
    ...nginxTempPaths(options.prefix),
    `  keepalive_requests ${KEEPALIVE_REQUESTS};`,
    '  keepalive_timeout 65s;',
    '  proxy_http_version 1.1;',
    '  proxy_buffering on;',
    ...upstreams(options),
    ...gatewayServer(options),
    ...albServer(options),
    '}',
    '',
  ].join('\n');
}

function upstreams(options: NginxConfOptions): string[] {
  const block = (name: string, ports: readonly number[]): string[] => [
    `  upstream ${name} {`,
    ...(ports.length > 0 ? ports.map((port) => `    server 127.0.0.1:${port};`) : ['    server 127.0.0.1:9 down;']),
    '    keepalive 64;',
    `    keepalive_requests ${KEEPALIVE_REQUESTS};`,
    '  }',
  ];
  return [...block('alb', [options.albPort]), ...options.hops.upstreams.flatMap((upstream) => block(upstreamName(upstream.name), upstream.ports))];
}

function gatewayServer(options: NginxConfOptions): string[] {
  // proxy_set_header is inherited only by levels that set none: every location repeats Connection "".
  // Forwarded and Via are the two headers an HTTP API adds on its way to a private integration.
  const forward = [
    'proxy_pass http://alb;',
    'proxy_set_header Connection "";',
    'proxy_set_header Host $host;',
    'proxy_set_header Forwarded "by=$server_addr;for=$remote_addr;host=$http_host;proto=$scheme";',
    'proxy_set_header Via "HTTP/1.1 AmazonAPIGateway";',
    'add_header apigw-requestid $request_id always;',
  ];
  const locations = options.hops.routes.map((route) => {
    const methodCheck = route.method === 'ANY' ? [] : [`if ($request_method != ${route.method}) { return 404 '${NOT_FOUND}'; }`];
    const match = route.path === undefined ? '/' : `~ "${routePathRegex(route.path)}"`;
    return location(match, [...methodCheck, ...forward]);
  });
  const hasDefault = options.hops.routes.some((route) => route.path === undefined);
  const fallback = hasDefault ? [] : location('/', [`default_type application/json;`, `return 404 '${NOT_FOUND}';`]);
  // The stage's access log, buffered as gatelink buffers its own: written per 64 KB, or 100 ms after a line.
  const accessLog = options.hops.accessLogFormat === undefined ? [] : [`    access_log ${path.join(options.prefix, 'access.log')} apigw buffer=64k flush=100ms;`];
  return [`  server {`, `    listen 127.0.0.1:${options.gatewayPort};`, ...accessLog, ...locations.flat(), ...fallback, '  }'];
}

function albServer(options: NginxConfOptions): string[] {
  const rules = options.hops.rules.map((rule) => location(`~ "${rule.pathPatterns.map(albPatternRegex).map(group).join('|')}"`, action(rule.action)));
  return [`  server {`, `    listen 127.0.0.1:${options.albPort};`, ...rules.flat(), ...location('/', action(options.hops.defaultAction)), '  }'];
}

function action(albAction: AlbAction): string[] {
  if (albAction.kind === 'forward') {
    return [
      `proxy_pass http://${upstreamName(albAction.upstream)};`,
      'proxy_set_header Connection "";',
      'proxy_set_header Host $host;',
      'proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;',
      'proxy_set_header X-Forwarded-Proto $scheme;',
      'proxy_set_header X-Forwarded-Port $server_port;',
      'proxy_set_header X-Amzn-Trace-Id Root=1-$request_id;',
    ];
  }
  const body = (albAction.body ?? '').replace(/\\/g, '\\\\').replace(/'/g, "\\'");
  return [`default_type ${albAction.contentType ?? 'text/plain'};`, `return ${albAction.status} '${body}';`];
}

function location(match: string, body: readonly string[]): string[] {
  return [`    location ${match} {`, ...body.map((line) => `      ${line}`), '    }'];
}

/** `(^/a.*$)`: alternatives of one location regex. */
function group(source: string): string {
  return `(${source})`;
}

/** Target group names → nginx identifiers. */
export function upstreamName(name: string): string {
  return `tg_${name.replace(/[^A-Za-z0-9_]/g, '_')}`;
}
