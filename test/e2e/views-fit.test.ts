/**
 * Every terminal view fits the terminal (issue 20): at COLUMNS=80 and 200 no line is wider, whatever the view
 * (tables lay themselves out; prose lines are wrapped by the one render layer). Posture and prepare, which need
 * the fake AWS, are checked in their own files; the detect table's content at 80 columns in detect-files.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import stringWidth from 'string-width';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';
import { incidentReport } from './incident-report.js';

const dir = mkdtempSync(join(tmpdir(), 'sm-ir-fit-'));
const report = join(dir, 'findings.json');
beforeAll(async () => {
  writeFileSync(report, (await incidentReport()).stdout);
});

const VIEWS: string[][] = [
  ['playbook'],
  ['playbook', 'rules'],
  ['playbook', 'containment'],
  ['playbook', 'scps'],
  ['analyze', '--findings', report],
  ['detect', '--logs', 'fixtures/bad-input'],
  // The summary the terminal gets when the report goes to a file.
  ['detect', '--logs', 'fixtures/incident', '--output', 'ocsf', '--out', join(dir, 'findings.ocsf.jsonl')],
  ['--help'],
  ['detect', '--help'],
];

describe('every view fits the terminal (issue 20)', () => {
  for (const columns of [80, 200]) {
    it(`COLUMNS=${columns}: no line of any view is wider`, async () => {
      for (const args of VIEWS) {
        const r = await runCli(args, { env: { COLUMNS: String(columns) } });
        expect(r.stdout.length, args.join(' ')).toBeGreaterThan(0);
        const widest = Math.max(...r.stdout.split('\n').map((l) => stringWidth(l)));
        expect(widest, args.join(' ')).toBeLessThanOrEqual(columns);
      }
    }, 60_000);
  }
});
