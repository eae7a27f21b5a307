/** The plan: one typed, validated model of a cloud assembly, with every intrinsic resolved. */
export { buildPlan } from './build.js';
export { SUPPORT, supportOf } from './support.js';
export type * from './types.js';
