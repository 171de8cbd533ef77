// Every rule folder carries its own fixtures (rules/<id>/fixtures.ts): attacks the rule must flag and benign
// near-misses it must leave alone, each case classified on its own through the real classifier (router
// included) with the real playbook. A folder without fixtures, or with an empty list, fails here.
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createClassifier } from '../../../src/core/classify/index.js';
import type { FixtureCase, RuleFixtures } from '../../../src/core/classify/rules/fixture-kit.js';
import { atLeast, severityRank, type Severity } from '../../../src/playbook/severity.js';
import type { Finding } from '../../../src/core/finding.js';
import { loadPlaybook } from '../../../src/playbook/load.js';

const RULES_DIR = fileURLToPath(new URL('../../../src/core/classify/rules/', import.meta.url));
const folders = readdirSync(RULES_DIR, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
const playbook = loadPlaybook();

function findingsOf(c: FixtureCase): Finding[] {
  const classifier = createClassifier(playbook);
  for (const r of c.records) classifier.push(r);
  return classifier.finish();
}

const show = (fs: Finding[]) => fs.map((f) => `${f.ruleId}: ${f.reason}`).join('\n');

it('finds the rule folders', () => {
  expect(folders.length).toBeGreaterThan(0);
  expect(folders.sort()).toEqual(playbook.rules.rules.map((r) => r.id).sort());
});

describe.each(folders)('rules/%s/fixtures.ts', (id) => {
  const file = `${RULES_DIR}${id}/fixtures.ts`;

  it('exists, with at least one attack and one near-miss, each case with records', async () => {
    expect(existsSync(file), `${id} has no fixtures.ts: every rule needs attack and near-miss records`).toBe(true);
    const { attack, nearMiss } = ((await import(file)) as { default: RuleFixtures }).default;
    expect(attack.length, `${id}: no attack case`).toBeGreaterThan(0);
    expect(nearMiss.length, `${id}: no near-miss case`).toBeGreaterThan(0);
    for (const c of [...attack, ...nearMiss]) expect(c.records.length, `${id}: '${c.name}' has no record`).toBeGreaterThan(0);
  });

  it('every attack case yields a finding of this rule; no near-miss case does', async () => {
    if (!existsSync(file)) return; // reported by the test above
    const { attack, nearMiss } = ((await import(file)) as { default: RuleFixtures }).default;
    for (const c of attack) {
      const found = findingsOf(c);
      expect(found.filter((f) => f.ruleId === id).length, `attack '${c.name}' yields no ${id} finding; it yields:\n${show(found)}`).toBeGreaterThan(0);
    }
    for (const c of nearMiss) {
      const wrong = findingsOf(c).filter((f) => f.ruleId === id);
      expect(wrong, `near-miss '${c.name}' is flagged by ${id}:\n${show(wrong)}`).toEqual([]);
    }
  });

  it('routine work on an attack case\'s API stays below medium and below that attack (severity from evidence)', async () => {
    if (!existsSync(file)) return;
    const { attack, routine = [] } = ((await import(file)) as { default: RuleFixtures }).default;
    const worst = (fs: Finding[]): Severity | undefined =>
      fs.filter((f) => f.ruleId === id).map((f) => f.severity).sort((a, b) => severityRank(b) - severityRank(a))[0];
    for (const c of routine) {
      const twin = attack.find((a) => a.name === c.mirrors);
      expect(twin, `routine '${c.name}' mirrors no attack case named '${c.mirrors}'`).toBeDefined();
      const mine = worst(findingsOf(c));
      const theirs = worst(findingsOf(twin as FixtureCase));
      expect(mine, `routine '${c.name}' yields no ${id} finding: a routine case shows the rule firing low`).toBeDefined();
      expect(atLeast(mine as Severity, 'medium'), `routine '${c.name}' is ${mine}`).toBe(false);
      expect(severityRank(theirs as Severity), `attack '${c.mirrors}' (${theirs}) is not above routine '${c.name}' (${mine})`).toBeGreaterThan(severityRank(mine as Severity));
    }
  });
});
