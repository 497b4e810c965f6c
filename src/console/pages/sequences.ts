import type { SequenceRegistry } from '../../dsl/registry.js';
import { esc, layout, type PageContext } from '../layout.js';
import { messages } from '../messages.js';

/** The marketers' list: each sequence file with its version and validation state, problems as the validator words them. */
export function sequencesPage(context: PageContext, sequences: SequenceRegistry): string {
  const t = messages(context.lang);
  const rows = sequences.validation().map(
    (file) => `<tr><td dir="ltr">${esc(file.id ?? file.file)}</td><td>${esc(file.version ?? '')}</td>
<td>${file.problems.length ? `<ul>${file.problems.map((problem) => `<li dir="ltr">${esc(problem)}</li>`).join('')}</ul>` : t.valid}</td></tr>`,
  );
  return layout(context, t.sequences, `<section><table><thead><tr><th>${t.sequences}</th><th>${t.version}</th><th>${t.problems}</th></tr></thead><tbody>${rows.join('')}</tbody></table></section>`);
}
