import { printable } from './printable.js';

/**
 * The one escaping function for markdown. Every string a report shows may come from an attacker
 * (CloudTrail fields, file names, a findings file passed around), so it is rendered as inert text:
 * control and bidi characters become visible \u escapes, line breaks become spaces (no forged rows or
 * headings), and every ASCII punctuation mark markdown or HTML gives a meaning to is backslash-escaped
 * (CommonMark treats an escaped mark as a literal), so no table pipe, code span, emphasis, link, image,
 * autolink, entity or raw HTML tag can start inside it.
 */
export function markdownText(s: string): string {
  return printable(s)
    .replace(/\r\n?|\n/g, ' ')
    .replace(/[\\`*_[\]<>|#~&!]/g, '\\$&');
}
