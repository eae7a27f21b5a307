/**
 * One health check of one target turned into a result with AWS's reason code: a status outside the
 * matcher is `Target.ResponseCodeMismatch`, no status line in time is `Target.Timeout`, a refused or
 * broken connection is `Target.FailedHealthChecks`. A security group that drops the check's packets
 * looks like a timeout from the load balancer's side, so it is reported as one (explanation kept).
 */
import type { NetworkVerdict } from '../network-check.js';
import { probe } from './probe.js';
import type { ProbeRequest } from './probe.js';
import { REASON_DESCRIPTIONS } from './states.js';
import type { CheckResult } from './states.js';

export interface TargetCheck {
  readonly request: ProbeRequest;
  readonly isSuccess: (status: number) => boolean;
  /** Whether the load balancer's security groups let the check reach the target's health-check port. */
  readonly reach: NetworkVerdict;
}

/** Runs one check; never rejects. */
export async function checkTarget(check: TargetCheck): Promise<CheckResult & { readonly statusCode?: number }> {
  if (!check.reach.allowed) {
    return { ok: false, reason: 'Target.Timeout', description: REASON_DESCRIPTIONS['Target.Timeout'], detail: check.reach.explanation };
  }
  const outcome = await probe(check.request);
  switch (outcome.kind) {
    case 'status':
      if (check.isSuccess(outcome.statusCode)) return { ok: true, statusCode: outcome.statusCode };
      return {
        ok: false,
        reason: 'Target.ResponseCodeMismatch',
        description: `Health checks failed with these codes: [${outcome.statusCode}]`,
        statusCode: outcome.statusCode,
      };
    case 'timeout':
      return { ok: false, reason: 'Target.Timeout', description: REASON_DESCRIPTIONS['Target.Timeout'], detail: `no response within ${check.request.timeoutMs} ms` };
    case 'error':
      return { ok: false, reason: 'Target.FailedHealthChecks', description: REASON_DESCRIPTIONS['Target.FailedHealthChecks'], detail: `${outcome.code}: ${outcome.message}` };
  }
}
