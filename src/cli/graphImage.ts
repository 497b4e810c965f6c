import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumExecutable } from './chromium.js';

/** Mermaid's browser bundle from node_modules: the page loads nothing from the network. */
const MERMAID_BUNDLE = createRequire(import.meta.url).resolve('mermaid/dist/mermaid.min.js');

/** The fonts of Peygir's Persian pages first, then Mermaid's own; Chromium falls back per glyph. */
const FONT_FAMILY = 'Vazirmatn, Tahoma, "trebuchet ms", verdana, arial, sans-serif';

/** Turns Mermaid text into SVG or PNG in one headless Chromium; open once, render many, close. */
export interface GraphRenderer {
  svg(mermaidText: string): Promise<string>;
  png(mermaidText: string): Promise<Buffer>;
  close(): Promise<void>;
}

/** Launches Chromium (an explained error when it is missing) with a blank page that has Mermaid loaded. */
export async function openGraphRenderer(): Promise<GraphRenderer> {
  const executablePath = chromiumExecutable('Drawing the graph as SVG or PNG');
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
  try {
    const page = await blankPage(browser);
    let count = 0;
    /** Mermaid draws in the page; the SVG is serialised as XML, so it opens on its own as a .svg file. */
    const svg = (mermaidText: string): Promise<string> =>
      page.evaluate(
        async ({ text, id }) => {
          const { mermaid, document, XMLSerializer } = globalThis as unknown as InPage;
          const { svg: drawn } = await mermaid.render(id, text);
          document.body.innerHTML = drawn;
          return new XMLSerializer().serializeToString(document.body.firstElementChild);
        },
        { text: mermaidText, id: `graph${++count}` },
      );
    return {
      svg,
      /** The SVG file as a browser shows it (an <img>, which fails if the file would not open), at twice its size. */
      async png(mermaidText) {
        const file = await svg(mermaidText);
        await page.evaluate(async (source) => {
          const { document, URL, Blob } = globalThis as unknown as InPage;
          const image = document.createElement('img');
          image.src = URL.createObjectURL(new Blob([source], { type: 'image/svg+xml' }));
          document.body.replaceChildren(image);
          await image.decode();
        }, file);
        return page.locator('body > img').screenshot({ type: 'png' });
      },
      close: () => browser.close(),
    };
  } catch (error) {
    await browser.close();
    throw error;
  }
}

async function blankPage(browser: Browser): Promise<Page> {
  // Twice the pixels, so the PNG stays sharp when zoomed or put on a slide.
  const context = await browser.newContext({ deviceScaleFactor: 2 });
  await context.route('**/*', (route) => route.abort('blockedbyclient'));
  const page = await context.newPage();
  await page.setContent('<!doctype html><html><body style="margin:0;background:#fff;display:inline-block"></body></html>');
  await page.addScriptTag({ path: MERMAID_BUNDLE });
  await page.evaluate((fontFamily) => {
    (globalThis as unknown as InPage).mermaid.initialize({
      startOnLoad: false,
      securityLevel: 'strict',
      theme: 'default',
      themeVariables: { fontFamily },
      // Real width and height in the SVG (not 100% of the page), so files open at their size.
      // Lines break where the labels say (<br>), not at Mermaid's 200px.
      flowchart: { useMaxWidth: false, htmlLabels: true, wrappingWidth: 480 },
    });
  }, FONT_FAMILY);
  return page;
}

/** What the functions run in the page use there (the project compiles without the DOM types). */
interface InPage {
  mermaid: {
    initialize(config: Record<string, unknown>): void;
    render(id: string, text: string): Promise<{ svg: string }>;
  };
  document: {
    body: { innerHTML: string; firstElementChild: unknown; replaceChildren(node: unknown): void };
    createElement(tag: 'img'): { src: string; decode(): Promise<void> };
  };
  XMLSerializer: new () => { serializeToString(node: unknown): string };
  URL: { createObjectURL(blob: unknown): string };
  Blob: new (parts: string[], options: { type: string }) => unknown;
}
