/**
 * `tsx scripts/bundle-workflows.ts [file]` (default dist/workflow-bundle.js): prebuilds the workflow
 * bundle for WORKFLOW_BUNDLE. The Dockerfile runs it at build time.
 */
import { resolve } from 'node:path';
import { writeWorkflowBundle } from '../src/worker/bundle.js';

const file = resolve(process.argv[2] ?? 'dist/workflow-bundle.js');
await writeWorkflowBundle(file);
console.log(`workflow bundle written to ${file}`);
