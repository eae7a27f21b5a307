/** Reading a CDK app's cloud assembly: synthesize (cached), load manifest, templates and assets. */
export { readCdkJson } from './cdk-json.js';
export type { CdkJson } from './cdk-json.js';
export { loadAssembly, loadTemplate } from './load.js';
export type { AssemblyStack, CfnParameter, CfnResource, CfnTemplate, CloudAssembly, DockerImageAssetSource } from './load.js';
export { synthContext, synthKey, synthesizeCached } from './synth.js';
export type { SynthOptions } from './synth.js';
