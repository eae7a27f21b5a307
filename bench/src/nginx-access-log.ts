/**
 * The stage's access log, written by nginx too: an HTTP API stage with access logging renders one
 * line per request from its `$context` format, so nginx "doing the same two hops" writes the same
 * line per request. Each `$context` variable becomes the nginx variable closest to it; one with no
 * counterpart (the route key, authorizer and error fields) is written as `-`, API Gateway's text for
 * a variable without a value. The bench compares the work done, so the line only needs the same shape.
 */

/** `$context` variable → nginx variable. */
const NGINX_VARIABLE: Readonly<Record<string, string>> = {
  requestId: 'request_id',
  extendedRequestId: 'request_id',
  'identity.sourceIp': 'remote_addr',
  requestTime: 'time_local',
  requestTimeEpoch: 'msec',
  httpMethod: 'request_method',
  path: 'uri',
  status: 'status',
  protocol: 'server_protocol',
  responseLength: 'body_bytes_sent',
  responseLatency: 'request_time',
  domainName: 'host',
  'identity.userAgent': 'http_user_agent',
  integrationStatus: 'upstream_status',
  'integration.status': 'upstream_status',
  integrationLatency: 'upstream_response_time',
  'integration.latency': 'upstream_response_time',
};

/** The `log_format` string for `format`, quoted for nginx.conf (single quotes). */
export function nginxLogFormat(format: string): string {
  const rendered = format.replace(/\$([A-Za-z_](?:[A-Za-z0-9_.]*[A-Za-z0-9_])?)/g, (_whole, name: string) => {
    const variable = name.startsWith('context.') ? NGINX_VARIABLE[name.slice('context.'.length)] : undefined;
    return variable === undefined ? '-' : `\${${variable}}`;
  });
  return `'${rendered.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
