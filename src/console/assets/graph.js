/* Draws the sequence graph (<pre class="mermaid">) with the Mermaid bundle served from node_modules, as `peygir graph --svg` does, scaled to the page’s width. */
/* global mermaid */
mermaid.initialize({
  startOnLoad: false,
  securityLevel: 'strict',
  themeVariables: { fontFamily: 'Vazirmatn, Tahoma, "trebuchet ms", verdana, arial, sans-serif' },
  flowchart: { useMaxWidth: true, htmlLabels: true, wrappingWidth: 480 },
});
void mermaid.run({ querySelector: 'pre.mermaid' });
