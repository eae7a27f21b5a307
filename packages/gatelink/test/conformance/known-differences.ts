import type { KnownDifference } from './types.js';

/** Where gatelink knowingly differs from AWS (or AWS does not document the behaviour). Listed in docs/conformance.md. */
export const KNOWN_DIFFERENCES: readonly KnownDifference[] = [
  { area: 'authorizers', difference: 'Issuers may be plain `http://` URLs (a local OIDC provider); AWS requires `https://`. `https://issuer.gatelink.local` is gatelink’s own dev issuer (`gatelink token`), answered without the network.' },
  { area: 'authorizers', difference: 'Only the audience `error_description` is documented by AWS; the other descriptions in `www-authenticate` are gatelink’s wording. The 403 for a missing scope is not documented either.' },
  { area: 'authorizers', difference: 'Lambda (`REQUEST`) authorizers answer 500 and `AWS_IAM` routes answer 403 to every request: neither is emulated, and gatelink never lets such a route through unchecked.' },
  { area: 'cors', difference: 'The preflight answer is `204` with no body; with `*` in AllowMethods/AllowHeaders the requested method/headers are echoed. AWS documents the headers, not these details.' },
  { area: 'cors', difference: 'gatelink adds the CORS headers to the gateway’s own error answers (401, 404, 429, 503) for allowed origins; AWS does not document whether it does.' },
  { area: 'mapping', difference: '`$request.body.<JSONPath>` values are not evaluated (they map to nothing); `$context.authorizer.claims.*` strings are passed without JSON quotes.' },
  { area: 'errors', difference: 'The 10 MB body and 10,240-byte header quotas answer 413 and 431; AWS documents the quotas but not the status. An ALB→task security-group gap answers 503 at once (AWS: the ALB’s 504 after its 10 s connect timeout).' },
  { area: 'errors', difference: 'An integration timeout answers 503 `{"message":"Service Unavailable"}` as observed on real HTTP APIs with VPC-link backends; the Knowledge Center says 504.' },
  { area: 'throttling', difference: 'Token buckets are exact on one machine; AWS throttling is best-effort across its fleet, so AWS may let a few more requests through.' },
  { area: 'access-logs', difference: 'Lines go to `<data dir>/logs/access.log` (and stdout with `--log-format`), not to the CloudWatch log group named by `DestinationArn`. Stages without a format get gatelink’s CLF-like default.' },
  { area: 'rest', difference: 'Several REST APIs share the gateway port: pick one with `Host: {apiId}.execute-api.localhost` or the path prefix `/restapis/{apiId}/{stage}/…`; with no HTTP API in the app, the first REST API also answers plain `/{stage}/…`.' },
  { area: 'rest', difference: 'Undocumented bodies and headers follow observed behaviour: 413 `{"message":"Request Too Long"}`, 504 `{"message":"Endpoint request timed out"}`, an unknown stage 403 `{"message":"Forbidden"}`, `x-amzn-ErrorType` on every gateway answer, `X-Amzn-Trace-Id` on every response, `X-Forwarded-For` towards HTTP_PROXY backends.' },
  { area: 'rest', difference: '`$context.error.validationErrorString` holds ajv’s wording, not the Java validator’s; `$util.escapeJavaScript` follows Apache Commons (it escapes `\'` and `/`). Mapping templates run on velocityjs: Java-only methods on values are not available.' },
  { area: 'rest', difference: 'Bodies travel as bytes: a binary payload of a type not in `binaryMediaTypes` reaches an HTTP_PROXY backend intact, where AWS would treat it as UTF-8 text.' },
  { area: 'rest', difference: 'Usage-plan quotas count in memory (a restart resets them) and ignore `Offset`; throttles are exact token buckets. API keys with no `Value` in the template get a value derived from their address (logged at start).' },
  { area: 'rest', difference: 'Cognito authorizers trust gatelink’s local issuer for every user pool (no pool is reachable offline); its tokens may leave out `token_use`. A resource that matches but lacks the method lets the next candidate (`{param}`, `{proxy+}`) try, which AWS does not document.' },
  { area: 'rest', difference: 'AWS_PROXY (Lambda) integrations and TOKEN/REQUEST (Lambda) authorizers are refused at start (`GL_ERR_PLAN_UNSUPPORTED_RESOURCE`); AWS_IAM methods answer 403 Missing Authentication Token unsigned and 403 when signed (SigV4 is not verified), never letting a call through.' },
];
