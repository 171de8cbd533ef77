// Every rule's own fixtures (rules/<id>/fixtures.ts) through the built binary, as a responder would feed
// them: written as CloudTrail log files and read by `sm-ir detect --logs`. One run for all cases keeps the
// suite fast, so each case is kept apart from the others as separate incidents would be: in an account of
// its own (the fixtures' account 111122223333 becomes 1111222nnnnn throughout its records, ARNs included;
// the other account and AWS's stay), on a day of its own, with event ids of its own. The unit test
// (test/unit/classify/rule-fixtures.test.ts) classifies each case alone, in the fixtures' own account.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CloudTrailRecord } from '../../src/core/cloudtrail.js';
import type { Finding } from '../../src/core/finding.js';
import { ACCOUNT, type FixtureCase, type RuleFixtures } from '../../src/core/classify/rules/fixture-kit.js';
import { atLeast, severityRank, type Severity } from '../../src/playbook/severity.js';
import { runCli } from './run-cli.js';

const RULES_DIR = fileURLToPath(new URL('../../src/core/classify/rules/', import.meta.url));
const RULES = readdirSync(RULES_DIR, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
const DAY = 86_400_000;
/** A name alone is never above low (its maxSeverity): its attack cases are what to look at, not alarms. */
const NAME_ONLY = 'scenario-event';

type Kind = 'attack' | 'nearMiss' | 'routine';
interface Placed {
  rule: string;
  kind: Kind;
  name: string;
  mirrors?: string;
  ids: Set<string>;
}

let tmp: string;
const placed: Placed[] = [];
let findings: Finding[] = [];

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'sm-ir-e2e-rule-fixtures-'));
  const records: CloudTrailRecord[] = [];
  for (const rule of RULES) {
    const fixtures = ((await import(`${RULES_DIR}${rule}/fixtures.ts`)) as { default: RuleFixtures }).default;
    const cases: [Kind, FixtureCase & { mirrors?: string }][] = [
      ...fixtures.attack.map((c) => ['attack', c] as [Kind, FixtureCase]),
      ...fixtures.nearMiss.map((c) => ['nearMiss', c] as [Kind, FixtureCase]),
      ...(fixtures.routine ?? []).map((c) => ['routine', c] as [Kind, FixtureCase & { mirrors: string }]),
    ];
    for (const [kind, c] of cases) {
      const n = placed.length + 1;
      const ids = new Set<string>();
      const account = `1111222${String(n).padStart(5, '0')}`;
      for (const [i, r] of c.records.entries()) {
        const eventID = `case-${n}-${i}`;
        ids.add(eventID);
        const moved = JSON.parse(JSON.stringify(r).replaceAll(ACCOUNT, account)) as CloudTrailRecord;
        records.push({ ...moved, eventID, eventTime: new Date(Date.parse(r.eventTime) - n * DAY).toISOString().replace(/\.000Z$/, 'Z') });
      }
      placed.push({ rule, kind, name: c.name, ...(c.mirrors ? { mirrors: c.mirrors } : {}), ids });
    }
  }
  // Two files, as a trail writes many: the cases' records split between them.
  const half = Math.ceil(records.length / 2);
  writeFileSync(join(tmp, 'a.json'), JSON.stringify({ Records: records.slice(0, half) }));
  writeFileSync(join(tmp, 'b.json'), JSON.stringify({ Records: records.slice(half) }));
  const r = await runCli(['detect', '--logs', tmp, '--since', 'all', '--list-findings', 'all', '--output', 'json']);
  expect(r.code, r.stderr).toBe(0);
  findings = (JSON.parse(r.stdout) as { findings: Finding[] }).findings;
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The case's findings of its own rule: those citing one of its events. */
const ofCase = (p: Placed) => findings.filter((f) => f.ruleId === p.rule && [f.eventId, ...f.relatedEventIds].some((id) => id !== null && p.ids.has(id)));
const worst = (fs: Finding[]): Severity | undefined => fs.map((f) => f.severity).sort((a, b) => severityRank(b) - severityRank(a))[0];

describe('every rule\'s fixtures through the binary (sm-ir detect --logs)', () => {
  it('places every rule\'s cases', () => {
    expect(new Set(placed.map((p) => p.rule))).toEqual(new Set(RULES));
  });

  it.each(RULES)('%s: each attack is a finding (medium or above unless a name alone), each near-miss none, routine work below medium', (rule) => {
    for (const p of placed.filter((x) => x.rule === rule)) {
      const mine = ofCase(p);
      const sev = worst(mine);
      if (p.kind === 'attack') {
        expect(mine.length, `attack '${p.name}' gives no ${rule} finding`).toBeGreaterThan(0);
        if (rule !== NAME_ONLY) expect(atLeast(sev as Severity, 'medium'), `attack '${p.name}' is only ${sev}`).toBe(true);
      } else if (p.kind === 'nearMiss') {
        expect(mine.map((f) => `${f.severity}: ${f.reason}`), `near-miss '${p.name}'`).toEqual([]);
      } else {
        expect(sev === undefined || !atLeast(sev, 'medium'), `routine '${p.name}' is ${sev}`).toBe(true);
        const twin = placed.find((x) => x.rule === rule && x.kind === 'attack' && x.name === p.mirrors);
        const twinSev = twin ? worst(ofCase(twin)) : undefined;
        if (sev && twinSev) expect(severityRank(sev), `routine '${p.name}' is not below its attack`).toBeLessThan(severityRank(twinSev));
      }
    }
  });
});
