/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The HTML case report in a real browser (issue 20): `analyze --output html` on the fixture incident, with a
 * case whose audit log holds containment's changes, opened in headless Chromium (Debian's `chromium`, driven by
 * puppeteer-core). The page must make no request, run no script, draw one mark per finding and one per change,
 * and show attacker-controlled strings as text. A screenshot goes to test-artifacts/ for CI to keep.
 * Skipped, saying why, only when no Chromium is installed (.ci/run installs it).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DetectReport } from '../../src/core/report.js';
import { ROOT, runCli } from './run-cli.js';

const CHROMIUM = [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p): p is string => !!p && existsSync(p));
if (!CHROMIUM) console.warn('html-report: no Chromium found (CHROME_PATH, /usr/bin/chromium): the browser test is skipped. apt-get install chromium to run it.');

const dir = mkdtempSync(join(tmpdir(), 'sm-ir-html-'));
const caseDir = join(dir, 'case-42');
const ARTIFACTS = join(ROOT, 'test-artifacts');
const PAYLOAD = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">\u202egnp.exe [x](javascript:alert(1))';

let report: DetectReport;
let browser: import('puppeteer-core').Browser | undefined;

/** Containment's changes as contain writes them: a sent line and its settled one, and a read that is not a change. */
function auditLines(): string {
  const at = (t: string) => `2026-11-27T${t}Z`;
  const entry = (time: string, operation: string, outcome: string, callId: string | undefined, readOnly = false) =>
    JSON.stringify({ time: at(time), command: 'contain', region: 'us-east-1', service: 'sagemaker', operation, parameters: { NotebookInstanceName: 'ml-ci-nb' }, outcome, ...(callId ? { callId } : {}), requestId: null, error: null, ...(readOnly ? { readOnly } : {}) });
  return [
    entry('12:30:00', 'DescribeNotebookInstance', 'ok', undefined, true),
    entry('12:31:00', 'StopNotebookInstance', 'sent', 'c1'),
    entry('12:31:02', 'StopNotebookInstance', 'ok', 'c1'),
    entry('12:40:00', 'DeleteEndpoint', 'sent', 'c2'),
    entry('12:40:01', 'DeleteEndpoint', 'ok', 'c2'),
    entry('12:45:00', 'UpdateNotebookInstance', 'sent', 'c3'),
    entry('12:45:01', 'UpdateNotebookInstance', 'ok', 'c3'),
  ].join('\n');
}

beforeAll(async () => {
  const detect = await runCli(['detect', '--logs', 'fixtures/incident', '--since', 'all', '--output', 'json', '--out', join(dir, 'findings.json')]);
  expect(detect.code, detect.stderr).toBe(0);
  report = JSON.parse(readFileSync(join(dir, 'findings.json'), 'utf8')) as DetectReport;
  // The same report with attacker-controlled strings where CloudTrail puts them.
  const hostile = structuredClone(report);
  const f = hostile.findings[0] as DetectReport['findings'][number];
  f.reason = PAYLOAD;
  f.userAgent = PAYLOAD;
  f.principal.arn = `arn:aws:sts::111122223333:assumed-role/x/${PAYLOAD}`;
  f.evidence = { line: PAYLOAD };
  if (f.eventId && hostile.records) hostile.records[f.eventId] = { eventName: PAYLOAD };
  writeFileSync(join(dir, 'hostile.json'), JSON.stringify(hostile));
  mkdirSync(caseDir);
  writeFileSync(join(caseDir, 'audit.jsonl'), `${auditLines()}\n`);
  for (const [findings, out] of [['findings.json', 'report.html'], ['hostile.json', 'hostile.html']]) {
    const r = await runCli(['analyze', '--case', caseDir, '--findings', join(dir, findings as string), '--output', 'html', '--out', join(dir, out as string)]);
    expect(r.code, r.stderr).toBe(0);
  }
  if (CHROMIUM) {
    const puppeteer = await import('puppeteer-core');
    browser = await puppeteer.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  }
}, 120_000);
afterAll(async () => {
  await browser?.close();
});

async function open(file: string) {
  const page = await (browser as import('puppeteer-core').Browser).newPage();
  await page.setViewport({ width: 1280, height: 900 });
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  const url = pathToFileURL(join(dir, file)).href;
  await page.goto(url, { waitUntil: 'load' });
  return { page, requests, url };
}

describe.skipIf(!CHROMIUM)('analyze --output html in headless Chromium', () => {
  it('draws one mark per finding in its incident lane and one per containment change, and requests nothing', async () => {
    const { page, requests, url } = await open('report.html');
    expect(requests).toEqual([url]);
    const seen = await page.evaluate(() => ({
      marks: [...document.querySelectorAll('figure.timeline g.finding title')].map((t) => (t.textContent ?? '').split('\n')[0]),
      changes: [...document.querySelectorAll('figure.timeline g.containment title')].map((t) => t.textContent ?? ''),
      lanes: [...document.querySelectorAll('figure.timeline g[aria-label="y-axis tick label"] text')].map((t) => t.textContent ?? ''),
      scripts: document.scripts.length,
      questions: document.querySelectorAll('section.question').length,
      findings: document.querySelectorAll('details.finding').length,
      rawRecords: [...document.querySelectorAll('details.finding details summary')].filter((s) => s.textContent === 'raw CloudTrail record').length,
    }));
    expect(seen.marks.sort()).toEqual(report.findings.map((f) => f.id).sort());
    expect(seen.changes).toHaveLength(3);
    expect(seen.changes.map((c) => c.split('\n')[1])).toEqual(['sagemaker:StopNotebookInstance → ok (us-east-1)', 'sagemaker:DeleteEndpoint → ok (us-east-1)', 'sagemaker:UpdateNotebookInstance → ok (us-east-1)']);
    expect(seen.lanes).toEqual([...report.incidents.map((i) => expect.stringContaining(i.id.replace('incident-', '#'))), 'containment (sm-ir contain)']);
    expect(seen).toMatchObject({ scripts: 0, questions: 15, findings: report.findings.length });
    expect(seen.rawRecords).toBe(report.findings.filter((f) => f.eventId && report.records?.[f.eventId]).length);
    expect(seen.rawRecords).toBeGreaterThan(40);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'case-report.png'), fullPage: false });
    const timeline = await page.$('#timeline');
    await page.evaluate(() => document.getElementById('timeline')?.scrollIntoView());
    await page.screenshot({ path: join(ARTIFACTS, 'case-timeline.png'), clip: await timeline!.evaluate((h) => { const r = h.getBoundingClientRect(); const fig = document.querySelector('figure.timeline')!.getBoundingClientRect(); return { x: 0, y: r.top + window.scrollY, width: 1280, height: fig.bottom - r.top + 10 }; }) });
    await page.close();
  }, 60_000);

  it('shows attacker-controlled strings as text: no script runs, no element is injected, bidi overrides are visible', async () => {
    const { page, requests, url } = await open('hostile.html');
    expect(requests).toEqual([url]);
    const seen = await page.evaluate(() => ({
      pwned: (window as unknown as { __pwned?: number }).__pwned ?? null,
      scripts: document.scripts.length,
      images: document.images.length,
      links: document.querySelectorAll('a[href]').length,
      text: document.body.innerText,
    }));
    expect(seen).toMatchObject({ pwned: null, scripts: 0, images: 0, links: 0 });
    expect(seen.text).toContain('<script>window.__pwned=1</script>');
    expect(seen.text).toContain('\\u202egnp.exe');
    expect(seen.text).not.toContain('\u202e');
    await page.close();
  }, 60_000);
});
