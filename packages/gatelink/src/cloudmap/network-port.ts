/** The security-group check a Cloud Map integration needs (the network model implements it). */
export type { NetworkCheck as ElbNetwork } from '../elb/network-check.js';
