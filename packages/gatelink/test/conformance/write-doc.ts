/** `npm run docs:conformance`: regenerates docs/conformance.md from the case tables. */
import { writeFileSync } from 'node:fs';
import { CONFORMANCE_DOC, renderConformanceDoc } from './doc.js';

writeFileSync(CONFORMANCE_DOC, renderConformanceDoc());
process.stdout.write(`wrote ${CONFORMANCE_DOC}\n`);
