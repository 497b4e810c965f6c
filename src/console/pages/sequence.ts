import type { SequenceDefinition } from '../../dsl/definition.js';
import { allSteps } from '../../dsl/flow.js';
import { toMermaid } from '../../cli/mermaid.js';
import type { ReportRow } from '../../reports/index.js';
import type { OpenRuns } from '../../store/openRuns.js';
import type { SamplePreview } from '../samplePreview.js';
import { barChart, showNumber, type Bar } from '../charts.js';
import { csrfField, esc, layout, type PageContext } from '../layout.js';
import { messages } from '../messages.js';
import { liveVersions, problemList } from './sequences.js';

/** The preview's output, as `peygir preview` prints it, under the command it ran. */
export function previewPage(context: PageContext, definition: SequenceDefinition, preview: SamplePreview): string {
  const t = messages(context.lang);
  return layout(
    context,
    `${t.preview}: ${definition.name}`,
    `<section>${preview.failed ? `<p class="notice" role="alert">${t.previewFailed}</p>` : ''}<pre dir="ltr"><code>${esc(preview.command)}</code></pre>
<pre dir="auto" class="preview">${esc(preview.output)}</pre><p><a href="/console/sequences/${encodeURIComponent(definition.id)}">${t.back}</a></p></section>`,
  );
}

/** What the sequence page shows beside the definition: its problems, the runs open now, the funnel's rows (30 days). */
export interface SequenceFigures {
  problems: string[];
  open: OpenRuns[];
  funnel: ReportRow[];
  /** `peygir preview` for the folder's sample customer, as typed (the page runs it too). */
  previewCommand: string;
}

const NO_STEP_YET = '—';

/** The definition's steps in order, then the step ids counted that it lacks (older versions' steps, a run before its first step). */
function stepsShown(definition: SequenceDefinition, counted: Iterable<string>): { id: string; label: string }[] {
  const steps = allSteps(definition.steps).map((step) => ({ id: step.id, label: step.label }));
  const known = new Set(steps.map((step) => step.id));
  return [...steps, ...[...new Set(counted)].filter((id) => !known.has(id)).map((id) => ({ id, label: '' }))];
}

function tally(entries: [string, number][]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const [step, count] of entries) counts.set(step, (counts.get(step) ?? 0) + count);
  return counts;
}

/**
 * One sequence for marketers: the validation state, the live versions with their runs, the graph (Mermaid, drawn in the
 * page by the bundle served from node_modules), the customers at each step now and the funnel as charts with their
 * table, and how to preview it for a sample customer.
 */
export function sequencePage(context: PageContext, definition: SequenceDefinition, figures: SequenceFigures): string {
  const t = messages(context.lang);
  const waiting = tally(figures.open.map((row) => [row.step ?? NO_STEP_YET, row.runs]));
  const entered = tally(figures.funnel.map((row) => [String(row.step), Number(row.entered ?? 0)]));
  const steps = stepsShown(definition, [...entered.keys(), ...waiting.keys()]);
  const bars = (counts: Map<string, number>): Bar[] => steps.map((step) => ({ label: `${step.id} ${step.label}`, value: counts.get(step.id) ?? 0 }));
  const rows = steps.map(
    (step) =>
      `<tr data-step="${esc(step.id)}"><td dir="ltr">${esc(step.id)}</td><td dir="ltr">${esc(step.label)}</td><td class="waiting">${showNumber(waiting.get(step.id) ?? 0, context.lang)}</td><td class="entered">${showNumber(entered.get(step.id) ?? 0, context.lang)}</td></tr>`,
  );
  const body = `<section><dl><dt>${t.file}</dt><dd dir="ltr">${esc(definition.source ?? '')}</dd><dt>${t.version}</dt><dd dir="ltr">${esc(definition.version)}</dd>
<dt>${t.problems}</dt><dd>${figures.problems.length ? problemList(figures.problems) : t.valid}</dd>
<dt>${t.liveVersions}</dt><dd>${liveVersions(context, definition.version, figures.open)}</dd></dl></section>
<section><h2>${t.waitingChart}</h2>${barChart(t.waitingChart, bars(waiting), context.lang)}
<h2>${t.funnelChart}</h2>${barChart(t.funnelChart, bars(entered), context.lang)}
<table id="steps"><thead><tr><th>${t.step}</th><th>${t.label}</th><th>${t.waitingNow}</th><th>${t.entered}</th></tr></thead><tbody>${rows.join('')}</tbody></table>
<p><small>${t.waitingSource}</small></p></section>
<section><h2>${t.graph}</h2><div class="graph"><pre class="mermaid">${esc(toMermaid(definition))}</pre></div></section>
<section><h2>${t.preview}</h2><p>${t.previewHint}</p><pre dir="ltr"><code>${esc(figures.previewCommand)}</code></pre>
<form method="post" action="/console/sequences/${encodeURIComponent(definition.id)}/preview">${csrfField(context)}<button>${t.runPreview}</button></form></section>
<script src="/console/assets/mermaid.min.js"></script><script src="/console/assets/graph.js"></script>`;
  return layout(context, `${definition.name} (${definition.id})`, body);
}
