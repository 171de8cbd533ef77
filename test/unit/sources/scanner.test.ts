import { describe, expect, it } from 'vitest';
import { JsonRecordScanner } from '../../../src/sources/files/scanner.js';
import type { ValueKind } from '../../../src/sources/files/values.js';

interface Out {
  values: { kind: ValueKind; value: unknown }[];
  invalid: string[];
  insideValue: boolean;
}

function scan(text: string | Buffer, chunkSize = Infinity, maxValueBytes?: number): Out {
  const out: Out = { values: [], invalid: [], insideValue: false };
  const s = new JsonRecordScanner(
    { value: (kind, t) => out.values.push({ kind, value: JSON.parse(t) }), invalid: (r) => out.invalid.push(r) },
    maxValueBytes,
  );
  const buf = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  const step = Math.min(chunkSize, buf.length || 1);
  // Copies, so a chunk's memory is not shared with the next one.
  for (let k = 0; k < buf.length; k += step) s.push(Buffer.from(buf.subarray(k, k + step)));
  out.insideValue = s.insideValue;
  return out;
}

const rec = (n: number, extra: Record<string, unknown> = {}) => ({
  eventTime: '2024-05-01T10:00:00Z',
  eventSource: 'sagemaker.amazonaws.com',
  eventName: `Op${n}`,
  ...extra,
});

const tricky = [
  rec(1, { requestParameters: { name: 'a"}]},{"eventName":"Fake"', path: 'C:\\dir\\', nested: [{ a: [1, { b: '[' }] }] } }),
  rec(2, { errorMessage: 'Zoë 数据 🚀 \\"quoted\\" {not: json} \u2028 end\\' }),
  rec(3, { requestParameters: null, Records: 'a record may even hold a key named Records', Events: [] }),
];

describe('JsonRecordScanner', () => {
  it('slices each element of a top-level Records array', () => {
    const out = scan(JSON.stringify({ Records: tricky }));
    expect(out.values).toEqual(tricky.map((value) => ({ kind: 'record', value })));
    expect(out.invalid).toEqual([]);
    expect(out.insideValue).toBe(false);
  });

  it('gives the same values when fed one byte at a time (records, strings and UTF-8 split across chunks)', () => {
    for (const text of [
      JSON.stringify({ Records: tricky }),
      JSON.stringify({ Records: tricky }, null, 2),
      tricky.map((r) => JSON.stringify(r)).join('\n'),
      JSON.stringify({ Events: tricky.map((r) => ({ CloudTrailEvent: JSON.stringify(r) })), NextToken: 'x' }, null, 4),
    ]) {
      expect(scan(text, 1)).toEqual(scan(text));
      expect(scan(text, 7)).toEqual(scan(text));
      expect(scan(text, 1).values).toHaveLength(3);
    }
  });

  it('finds every quote and backslash whatever its place in a 32-bit word and the chunk\'s alignment in memory', () => {
    // Strings passed over four bytes a step: escapes and closing quotes at each offset, strings of 0 to 9 bytes.
    const strings = Array.from({ length: 40 }, (_, n) => 'abcdefghij'.slice(0, n % 10) + ['', '"', '\\', '\\"', '"\\'][n % 5] + 'xyz'.slice(0, n % 4));
    const records = strings.map((s, n) => rec(n, { s, requestParameters: { s, deeper: [s, { s }] } }));
    const text = JSON.stringify({ Records: records });
    for (let shift = 0; shift < 8; shift++) {
      const backing = Buffer.alloc(text.length + shift);
      backing.write(text, shift, 'utf8');
      const out: unknown[] = [];
      const s = new JsonRecordScanner({ value: (_kind, t) => out.push(JSON.parse(t)), invalid: (r) => out.push(r) });
      s.push(backing.subarray(shift));
      expect(out, `shifted by ${shift}`).toEqual(records);
    }
    for (const chunk of [5, 6, 13, 64]) expect(scan(text, chunk).values.map((v) => v.value)).toEqual(records);
  });

  it('treats JSON Lines, a single object and a top-level array as top-level values', () => {
    expect(scan(tricky.map((r) => JSON.stringify(r)).join('\n') + '\n').values).toEqual(tricky.map((value) => ({ kind: 'top', value })));
    expect(scan(JSON.stringify(tricky[0], null, 2)).values).toEqual([{ kind: 'top', value: tricky[0] }]);
    expect(scan(JSON.stringify(tricky)).values).toEqual(tricky.map((value) => ({ kind: 'top', value })));
  });

  it('slices Events of lookup-events pages, concatenated or as JSON Lines, and ignores NextToken', () => {
    const page = (ns: number[], next?: string) => ({ Events: ns.map((n) => ({ EventName: `Op${n}`, CloudTrailEvent: JSON.stringify(rec(n)) })), NextToken: next });
    const text = `${JSON.stringify(page([1, 2], 'tok'), null, 4)}${JSON.stringify(page([3]))}\n${JSON.stringify(page([]))}`;
    const out = scan(text);
    expect(out.values.map((v) => v.kind)).toEqual(['event', 'event', 'event']);
    expect(out.values.map((v) => JSON.parse((v.value as { CloudTrailEvent: string }).CloudTrailEvent).eventName)).toEqual(['Op1', 'Op2', 'Op3']);
  });

  it('does not slice objects after the Records array', () => {
    const text = JSON.stringify({ Records: [rec(1), rec(2)], after: { c: [{ d: 3 }] } });
    expect(scan(text).values).toEqual([rec(1), rec(2)].map((value) => ({ kind: 'record', value })));
  });

  it('reads Records/Events only as the first key: elsewhere the object is one value', () => {
    for (const value of [
      { outer: { Records: [rec(1)] } },
      { ...rec(1), Events: [{ a: 1 }] },
      { Records: 'x', more: [rec(1)] },
    ]) {
      expect(scan(JSON.stringify(value)).values).toEqual([{ kind: 'top', value }]);
    }
  });

  it('reports garbage between JSON Lines and resyncs at the next line', () => {
    const out = scan(`${JSON.stringify(rec(1))}\nnot json at all {"x": [\n${JSON.stringify(rec(2))}\n}\n${JSON.stringify(rec(3))}`);
    expect(out.values.map((v) => (v.value as { eventName: string }).eventName)).toEqual(['Op1', 'Op2', 'Op3']);
    expect(out.invalid).toHaveLength(2);
  });

  it('drops a record over the size limit without buffering it, and goes on', () => {
    const big = rec(2, { blob: 'x'.repeat(5000) });
    const out = scan(JSON.stringify({ Records: [rec(1), big, rec(3)] }), 100, 1000);
    expect(out.values.map((v) => (v.value as { eventName: string }).eventName)).toEqual(['Op1', 'Op3']);
    expect(out.invalid).toEqual(['record larger than 1000 bytes']);
  });

  it('says when the data ends inside a value', () => {
    const text = JSON.stringify({ Records: [rec(1), rec(2)] });
    const out = scan(text.slice(0, text.length - 20));
    expect(out.values).toHaveLength(1);
    expect(out.insideValue).toBe(true);
  });
});

describe('JsonRecordScanner fast path (a record whole in its chunk)', () => {
  it('still drops a record over the size limit when it fits in one chunk', () => {
    const out = scan(JSON.stringify({ Records: [rec(1), rec(2, { blob: 'x'.repeat(5000) }), rec(3)] }), Infinity, 1000);
    expect(out.values.map((v) => (v.value as { eventName: string }).eventName)).toEqual(['Op1', 'Op3']);
    expect(out.invalid).toEqual(['record larger than 1000 bytes']);
  });

  it('hands over a record with bad top-level syntax for JSON.parse to reject, and goes on', () => {
    const text = `{"Records":[${JSON.stringify(rec(1))},${JSON.stringify(rec(2)).replace('"Op2"', 'Op2')},${JSON.stringify(rec(3))}]}`;
    const s = new JsonRecordScanner({ value: (_k, t) => texts.push(t), invalid: () => {} });
    const texts: string[] = [];
    s.push(Buffer.from(text));
    expect(texts).toHaveLength(3);
    expect(() => JSON.parse(texts[1] as string)).toThrow();
    expect(JSON.parse(texts[2] as string)).toEqual(rec(3));
  });
});
