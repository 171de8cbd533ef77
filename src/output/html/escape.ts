/**
 * Every string in the HTML report may come from an attacker (CloudTrail fields, a findings file passed
 * around): text and attribute values are escaped here and nowhere else, after printable() has made control
 * and bidirectional characters visible (\u202e), so nothing can open a tag, end an attribute or disguise a line.
 */
import { printable } from '../../view/printable.js';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text or an attribute value, safe anywhere HTML allows either. */
export function esc(value: unknown): string {
  return printable(String(value ?? '')).replace(/[&<>"']/g, (c) => ESCAPES[c] as string);
}

/** A minimal DOM, as linkedom and browsers give it, for serialising SVG built by the chart library. */
interface DomNode {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
  attributes?: ArrayLike<{ name: string; value: string }>;
}

/**
 * An element tree as markup, escaping every text node and attribute itself (the DOM shim's own serialiser
 * leaves some raw, such as <title>). Only the chart library's <style> is written as is: it is its own CSS,
 * never data.
 */
export function serialise(node: DomNode): string {
  if (node.nodeType === 3) return esc(node.textContent);
  if (node.nodeType !== 1) return '';
  const name = node.nodeName.toLowerCase();
  const attrs = Array.from(node.attributes ?? [])
    .map((a) => ` ${a.name.replace(/[^a-zA-Z0-9:_-]/g, '')}="${esc(a.value)}"`)
    .join('');
  const children = Array.from(node.childNodes);
  const inner = name === 'style' ? children.map((c) => (c.textContent ?? '').replace(/<\//g, '<\\/')).join('') : children.map(serialise).join('');
  return `<${name}${attrs}>${inner}</${name}>`;
}
