import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeWorkflowBundle } from '../worker/bundle.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The workflows bundled once per version of the code, in `.tools/preview/`: bundling takes seconds,
 * so a preview reuses the bundle of the same workflows/ and src/ sources (named by their hash).
 */
export async function previewWorkflowBundle(): Promise<string> {
  const hash = createHash('sha256');
  for (const folder of ['workflows', 'src']) {
    const files = (await readdir(join(root, folder), { recursive: true })).filter((file) => file.endsWith('.ts')).sort();
    for (const file of files) hash.update(file).update(await readFile(join(root, folder, file)));
  }
  const bundle = join(root, '.tools', 'preview', `workflow-bundle-${hash.digest('hex').slice(0, 16)}.js`);
  if (!existsSync(bundle)) await writeWorkflowBundle(bundle);
  return bundle;
}
