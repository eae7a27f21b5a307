import type { ConformanceArea } from '../types.js';
import { DOC } from './docs.js';

/** Security groups on an NLB filter its clients (here the VPC link) by the listener port. */
export const nlbSecurityGroups: ConformanceArea = {
  area: 'nlb-security-groups',
  app: 'nlb',
  cases: [
    { name: 'the NLB’s security group admits the VPC link on the listener port', doc: DOC.nlbSecurityGroups, request: { path: '/mixed/ok' }, expect: { status: 200 } },
    { name: 'a listener port the NLB’s security group does not open to the VPC link answers 503', doc: DOC.nlbSecurityGroups, request: { path: '/blocked/items/1' }, expect: { status: 503, json: { message: 'Service Unavailable' } } },
  ],
};
