/** The shape of a conformance case: one request (or a burst), what AWS answers, and the page that says so. */
export interface TokenSpec {
  readonly issuer?: 'local' | 'remote';
  readonly sub?: string;
  readonly aud?: string[];
  readonly clientId?: string;
  readonly scope?: string[];
  readonly scp?: string[];
  readonly iss?: string;
  readonly expiresInSeconds?: number;
  readonly notBeforeInSeconds?: number;
  readonly claims?: Record<string, unknown>;
  /** Signed by a key the issuer never published, under the issuer's key id. */
  readonly forged?: boolean;
  /** Sent without the `Bearer ` prefix. */
  readonly bare?: boolean;
}

export interface ConformanceRequest {
  readonly method?: string;
  readonly path: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
  readonly token?: TokenSpec;
  /** Send the same request this many times, back to back (throttling). */
  readonly repeat?: number;
  /** With `repeat`: send them all at once (several connections through each hop) rather than one after another. */
  readonly concurrent?: boolean;
  /** Send it to gatelink's admin API (target health), or to an internet-facing listener's host port, instead of the HTTP API. */
  readonly via?: 'admin' | 'public';
  /** With `via: 'public'`: the listener, as `gatelink status` names it (`<Stack>/<LoadBalancer construct id>:<port>`). */
  readonly publicListener?: string;
}

export interface ConformanceExpectation {
  /** One status, or one per repeated request. */
  readonly status: number | readonly number[];
  /** Exact JSON body. */
  readonly json?: unknown;
  /** Response headers every reply of a repeated request must have. */
  readonly everyReplyHeaders?: Readonly<Record<string, string | RegExp | null>>;
  /** Response headers: a value to equal, a pattern to match, or null for "absent". */
  readonly headers?: Readonly<Record<string, string | RegExp | null>>;
  /** What the echo backend saw: its path (with query) and headers (null = not sent). */
  readonly upstream?: { readonly url?: string; readonly headers?: Readonly<Record<string, string | RegExp | null>> };
  /** Fields of the stage's access-log line for this request. */
  readonly accessLog?: Readonly<Record<string, string>>;
  /** A check on the parsed JSON body: returns what is wrong, or undefined. */
  readonly check?: (body: unknown) => string | undefined;
}

export interface ConformanceCase {
  readonly name: string;
  /** The AWS documentation page the expected behaviour comes from. */
  readonly doc: string;
  readonly request: ConformanceRequest;
  readonly expect: ConformanceExpectation;
}

export interface ConformanceArea {
  readonly area: string;
  /** The fixture app the area runs against: the HTTP API edge app (default) or the NLB app. */
  readonly app?: 'edge' | 'nlb';
  readonly cases: readonly ConformanceCase[];
}

/** Where gatelink knowingly differs from AWS, per area: listed in docs/conformance.md. */
export interface KnownDifference {
  readonly area: string;
  readonly difference: string;
}
