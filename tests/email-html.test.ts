import { describe, expect, it } from 'vitest';
import { rewriteLinks, textToHtml } from '../activities/channels/email/html.js';

describe('email HTML from text', () => {
  it('makes escaped paragraphs with line breaks and links URLs without trailing punctuation', () => {
    expect(textToHtml('سلام <علی> & دوستان،\nخوش آمدید.\n\n  \n\nراهنما: https://shop.example.ir/راهنما?a=1&b=2، یا https://x.ir/a).')).toBe(
      '<p>سلام &lt;علی&gt; &amp; دوستان،<br>\nخوش آمدید.</p>\n' +
        '<p>راهنما: <a href="https://shop.example.ir/راهنما?a=1&amp;b=2">https://shop.example.ir/راهنما?a=1&amp;b=2</a>، یا <a href="https://x.ir/a">https://x.ir/a</a>).</p>',
    );
  });
});

describe('link rewriting', () => {
  it('rewrites http(s) hrefs in either quote style, decoding entities, and leaves the rest', () => {
    const html = `<a class="b" href='https://a.ir/?x=1&amp;y=2'>a</a> <a href="mailto:x@y.ir">m</a> <a name="top">t</a> <link href="https://cdn.ir/x.css">`;
    const seen: string[] = [];
    const rewritten = rewriteLinks(html, (url) => {
      seen.push(url);
      return url.startsWith('http') ? `https://t.ir/c?u=${encodeURIComponent(url)}&z=1` : undefined;
    });
    expect(seen).toEqual(['https://a.ir/?x=1&y=2', 'mailto:x@y.ir']);
    expect(rewritten).toBe(
      `<a class="b" href="https://t.ir/c?u=https%3A%2F%2Fa.ir%2F%3Fx%3D1%26y%3D2&amp;z=1">a</a> <a href="mailto:x@y.ir">m</a> <a name="top">t</a> <link href="https://cdn.ir/x.css">`,
    );
  });
});
