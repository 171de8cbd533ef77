import { describe, expect, it } from 'vitest';
import { buildRules, createClassifier, watchedSources } from '../../../src/core/classify/index.js';
import { interestOf, wantedBy } from '../../../src/core/classify/interest.js';
import { createRouter } from '../../../src/core/classify/router.js';
import type { RuleInstance } from '../../../src/core/classify/rule.js';
import type { CloudTrailRecord } from '../../../src/core/cloudtrail.js';
import type { Finding } from '../../../src/core/finding.js';
import { loadPlaybook } from '../../../src/playbook/load.js';
import { incidentRecords } from '../../e2e/incident-records.js';
import { rec } from './helpers.js';

const pb = loadPlaybook();
const watched = watchedSources(pb);
const lookAlikes = new Set(pb.sources.lookAlikes);

/** A rule alone, fed directly every record its own `reads` declaration covers (look-alike sources never classified). */
function direct(rule: RuleInstance, records: CloudTrailRecord[]): Finding[] {
  const covers = wantedBy(interestOf([rule], watched));
  const out: Finding[] = [];
  for (const r of records) if (!lookAlikes.has(r.eventSource) && covers(r)) rule.onRecord(r, (f) => out.push(f));
  rule.finish?.((f) => out.push(f));
  return out;
}

/** Sorted by id, without what the classifier settles after the rules (severity from signals: see signals.test.ts). */
// Severity, signals and tactics are the classifier's additions to what a rule emits.
const byId = (fs: Finding[]) =>
  [...fs].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).map(({ severity: _s, signals: _g, tactics: _t, ...f }) => f);

// Records that reach the classifier's edge cases: look-alike sources, failed calls on watched and unwatched services.
const edge: CloudTrailRecord[] = [
  rec('CreateTrainingJob', { trainingJobName: 'x' }, { eventSource: 'metrics-sagemaker.amazonaws.com', errorCode: 'AccessDenied' }),
  rec('ListUsers', null, { eventSource: 'iam.amazonaws.com', errorCode: 'AccessDenied' }),
  rec('CreateNotebookInstance', { notebookInstanceName: 'n' }, { errorCode: 'AccessDeniedException' }),
  rec('DescribeInstances', null, { eventSource: 'ec2.amazonaws.com', errorCode: 'UnauthorizedOperation' }),
];

describe('the router gives each rule exactly what it declares', () => {
  const records = [...incidentRecords(), ...edge];

  it('each rule alone, fed directly what its reads cover, finds what it finds through the classifier (fixture incident)', () => {
    const all = createClassifier(pb);
    for (const r of records) all.push(r);
    const routed = all.finish();
    expect(routed.length).toBeGreaterThan(50);
    for (const rule of buildRules(pb)) {
      const alone = direct(rule, records);
      const ids = new Set(alone.map((f) => f.ruleId));
      expect(ids.size).toBeLessThanOrEqual(1);
      const ruleId = [...ids][0];
      if (ruleId === undefined) continue;
      expect(byId(alone), ruleId).toEqual(byId(routed.filter((f) => f.ruleId === ruleId)));
    }
    // Every finding of the classifier comes from some rule fed directly.
    const directCount = buildRules(pb).reduce((n, rule) => n + direct(rule, records).length, 0);
    expect(directCount).toBe(routed.length);
  });

  it('routes a record only to rules whose declaration covers it, each rule once', () => {
    const rules = buildRules(pb);
    const route = createRouter(rules, watched, lookAlikes);
    for (const r of records) {
      const readers = route(r);
      expect(new Set(readers).size).toBe(readers.length);
      for (const rule of rules) {
        const covers = !lookAlikes.has(r.eventSource) && wantedBy(interestOf([rule], watched))(r);
        expect(readers.includes(rule)).toBe(covers);
      }
    }
  });

  it('never routes look-alike sources, even their failed calls', () => {
    const route = createRouter(buildRules(pb), watched, lookAlikes);
    expect(route(edge[0] as CloudTrailRecord)).toEqual([]);
  });
});
