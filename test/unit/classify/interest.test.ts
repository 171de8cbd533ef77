import { describe, expect, it } from 'vitest';
import { buildRules, createClassifier } from '../../../src/core/classify/index.js';
import { queryFilter } from '../../../src/core/classify/index.js';
import { wantedBy, type QueryFilter } from '../../../src/core/classify/interest.js';
import type { CloudTrailRecord } from '../../../src/core/cloudtrail.js';
import { loadPlaybook } from '../../../src/playbook/load.js';
import { interestPredicate, quoteIdent } from '../../../src/sources/query/sql.js';
import { incidentRecords } from '../../e2e/incident-records.js';
import { evaluate, parseSelect } from '../../fake-aws/services/cloudtrail-query.js';
import { rec } from './helpers.js';

const pb = loadPlaybook();
const records = incidentRecords();
const findingsOf = (rs: CloudTrailRecord[]) => {
  const c = createClassifier(pb);
  for (const r of rs) c.push(r);
  return c.finish();
};

describe('what the rules read (the query filter)', () => {
  it('every rule declares what it reads, so none widens the query to everything', () => {
    for (const rule of buildRules(pb)) expect(rule.reads).toBeDefined();
  });

  it('classifying only the records the filter keeps gives the same findings as classifying all (fixture incident)', () => {
    const all = findingsOf(records);
    const kept = records.filter(wantedBy(queryFilter(pb)));
    expect(kept.length).toBeLessThan(records.length / 3);
    expect(all.length).toBeGreaterThan(50);
    expect(findingsOf(kept)).toEqual(all);
  });

  it('keeps denied calls of any name for failed-call-burst, and the check can fail: without the error codes the burst is lost', () => {
    // IAM calls no rule reads by name: only the error code keeps them.
    const denied = ['ListMFADevices', 'ListServerCertificates', 'GetCredentialReport', 'ListOpenIDConnectProviders', 'ListSAMLProviders'].map((name, i) =>
      rec(name, null, { eventSource: 'iam.amazonaws.com', errorCode: 'AccessDenied', eventTime: `2026-11-27T09:0${i}:00Z` }),
    );
    const burst = (rs: CloudTrailRecord[]) => findingsOf(rs).filter((f) => f.ruleId === 'failed-call-burst');
    expect(burst(denied)).toHaveLength(1);
    expect(burst(denied.filter(wantedBy(queryFilter(pb))))).toEqual(burst(denied));
    const withoutCodes: QueryFilter = { ...queryFilter(pb), errorCodes: [] };
    expect(burst(denied.filter(wantedBy(withoutCodes)))).toEqual([]);
  });

  it('the SQL predicate keeps exactly the records the filter keeps', () => {
    const filter = queryFilter(pb);
    const sql = `SELECT "eventid" AS "eventid" FROM "t" WHERE ${interestPredicate(filter, quoteIdent)}`;
    const { where } = parseSelect(sql);
    const keep = wantedBy(filter);
    const get = (r: CloudTrailRecord) => (c: string) => ({ eventsource: r.eventSource, eventname: r.eventName, errorcode: r.errorCode })[c];
    const mismatches = records.filter((r) => evaluate(where, get(r)) !== keep(r));
    expect(mismatches).toEqual([]);
  });
});
