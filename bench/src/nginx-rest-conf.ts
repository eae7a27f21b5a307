/**
 * nginx as the hops of a REST API private integration (`npm run bench -- rest`): an HTTP server
 * standing for the REST API stage (`/{stage}/…` routed, the stage prefix dropped, request ids added
 * as API Gateway adds them, AWS's 403 for anything no resource matches), proxying over keep-alive to
 * a stream (TCP) server standing for the NLB, which passes bytes to an HTTP server standing for the
 * ALB (forwarding headers), proxying over keep-alive to the task. Everything nginx writes stays under
 * `prefix`; it runs in the foreground.
 */
import { nginxMain, nginxTempPaths } from './nginx-conf.js';

export interface NginxRestConfOptions {
  readonly prefix: string;
  /** `load_module` path of ngx_stream_module. */
  readonly streamModule: string;
  readonly gatewayPort: number;
  readonly nlbPort: number;
  readonly albPort: number;
  readonly taskPort: number;
  readonly stage: string;
  /** The resource path prefix the integration forwards (`/api/` for `ANY /api/{proxy+}` → `http://nlb/api/{proxy}`). */
  readonly resourcePrefix: string;
  readonly workers: string;
}

const KEEPALIVE_REQUESTS = 1_000_000;
const MISSING_TOKEN = '{"message":"Missing Authentication Token"}';

export function nginxRestConf(options: NginxRestConfOptions): string {
  const upstream = (name: string, port: number): string[] => [`  upstream ${name} {`, `    server 127.0.0.1:${port};`, '    keepalive 64;', `    keepalive_requests ${KEEPALIVE_REQUESTS};`, '  }'];
  return [
    `load_module ${options.streamModule};`,
    ...nginxMain(options.prefix, options.workers),
    `stream { server { listen 127.0.0.1:${options.nlbPort}; proxy_pass 127.0.0.1:${options.albPort}; } }`,
    'http {',
    '  access_log off;',
    ...nginxTempPaths(options.prefix),
    `  keepalive_requests ${KEEPALIVE_REQUESTS};`,
    '  keepalive_timeout 65s;',
    '  proxy_http_version 1.1;',
    ...upstream('nlb', options.nlbPort),
    ...upstream('task', options.taskPort),
    '  server {',
    `    listen 127.0.0.1:${options.gatewayPort};`,
    `    location /${options.stage}${options.resourcePrefix} {`,
    `      proxy_pass http://nlb${options.resourcePrefix};`,
    '      proxy_set_header Connection "";',
    '      proxy_set_header X-Amzn-Trace-Id Root=1-$request_id;',
    '      add_header x-amzn-RequestId $request_id always;',
    '      add_header x-amz-apigw-id $request_id always;',
    '    }',
    '    location / {',
    '      default_type application/json;',
    '      add_header x-amzn-ErrorType MissingAuthenticationTokenException always;',
    `      return 403 '${MISSING_TOKEN}';`,
    '    }',
    '  }',
    '  server {',
    `    listen 127.0.0.1:${options.albPort};`,
    '    location / {',
    '      proxy_pass http://task;',
    '      proxy_set_header Connection "";',
    '      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;',
    '      proxy_set_header X-Forwarded-Proto $scheme;',
    '      proxy_set_header X-Forwarded-Port $server_port;',
    '    }',
    '  }',
    '}',
    '',
  ].join('\n');
}
