import { describe, expect, it } from 'vitest';
import { parseHTML } from 'linkedom';
import { esc, serialise } from '../../../src/output/html/escape.js';

describe('the HTML report escapes every string itself', () => {
  it('text and attributes: markup, quotes and bidi overrides come out inert and visible', () => {
    expect(esc('<script>"x"&\'y\'</script>\u202e')).toBe('&lt;script&gt;&quot;x&quot;&amp;&#39;y&#39;&lt;/script&gt;\\u202e');
  });

  it("serialise escapes the text a DOM shim leaves raw (an SVG title), keeps the chart's own style as is", () => {
    const { document } = parseHTML('<html><body></body></html>');
    const g = document.createElement('g');
    g.setAttribute('data-x', '"><script>alert(1)</script>');
    const title = document.createElement('title');
    title.textContent = '</title><script>alert(1)</script>';
    const style = document.createElement('style');
    style.textContent = '.a > svg { fill: red }';
    g.append(title, style);
    expect(serialise(g as never)).toBe('<g data-x="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"><title>&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;</title><style>.a > svg { fill: red }</style></g>');
  });
});
