import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, normalize } from 'node:path';
import type { ScalarTag } from 'yaml';

/**
 * `text: !file templates/welcome.fa.txt` — a template kept in its own file beside the sequence
 * (paths relative to the sequence's folder, never outside it). The text is read at validation, so
 * it is checked like inline text and is part of the compiled definition and its version.
 */
export function templateFileTag(sequenceFile: string): ScalarTag {
  const folder = dirname(sequenceFile);
  return {
    tag: '!file',
    resolve(path, onError) {
      const relative = normalize(path.trim());
      if (isAbsolute(relative) || relative.startsWith('..')) {
        onError(`!file ${path}: give a path inside the sequence's folder, e.g. templates/welcome.fa.txt`);
        return '';
      }
      try {
        return readFileSync(join(folder, relative), 'utf8');
      } catch {
        onError(`!file ${path}: there is no such file next to the sequence (looked for ${join(folder, relative)})`);
        return '';
      }
    },
  };
}
