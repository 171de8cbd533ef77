import { afterEach, describe, expect, it } from 'vitest';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
import { AccessAnalyzerClient, ValidatePolicyCommand } from '@aws-sdk/client-accessanalyzer';
import { mockClient } from 'aws-sdk-client-mock';
import { validateScps } from '../../../src/commands/prepare/access-analyzer.js';
import { describePath, judgeFindings, parseAcceptFindings, stopReason, type RawFinding } from '../../../src/core/prepare/findings.js';

const mock = mockClient(AccessAnalyzerClient);
afterEach(() => mock.reset());

const DOC = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'First', Effect: 'Deny', Action: 'sagemaker:CreateApp', Resource: '*' }, { Sid: 'Second', Effect: 'Deny', Action: 'sagemaker:CreateModel', Resource: '*' }] });
const raw = (findingType: string, issueCode: string, policy = 'sm-ir-sagemaker-guardrails-1'): RawFinding => ({ policy, document: DOC, findingType, issueCode, details: 'd', learnMoreLink: null, paths: [] });

describe('Access Analyzer adapter', () => {
  it('validates each policy as an SCP and reads every page of findings', async () => {
    mock.on(ValidatePolicyCommand)
      .resolvesOnce({ findings: [{ findingType: 'WARNING', issueCode: 'A', findingDetails: 'a', learnMoreLink: 'https://x', locations: [{ path: [{ key: 'Statement' }, { index: 1 }, { key: 'Condition' }], span: undefined as never }] }], nextToken: 't2' })
      .resolvesOnce({ findings: [{ findingType: 'ERROR', issueCode: 'B', findingDetails: 'b', learnMoreLink: 'https://y', locations: [] }] })
      .resolvesOnce({ findings: [] });
    const found = await validateScps(new AccessAnalyzerClient({ region: 'us-east-1' }), [{ name: 'p1', content: DOC }, { name: 'p2', content: '{}' }], 'us-east-1');
    expect(found.map((f) => `${f.policy}:${f.findingType}:${f.issueCode}`)).toEqual(['p1:WARNING:A', 'p1:ERROR:B']);
    expect(found[0]!.paths).toEqual([[{ key: 'Statement' }, { index: 1 }, { key: 'Condition' }]]);
    const inputs = mock.commandCalls(ValidatePolicyCommand).map((c) => c.args[0].input);
    expect(inputs).toEqual([
      { policyDocument: DOC, policyType: 'SERVICE_CONTROL_POLICY' },
      { policyDocument: DOC, policyType: 'SERVICE_CONTROL_POLICY', nextToken: 't2' },
      { policyDocument: '{}', policyType: 'SERVICE_CONTROL_POLICY' },
    ]);
  });

  it('names access-analyzer:ValidatePolicy on AccessDenied', async () => {
    mock.on(ValidatePolicyCommand).rejects(Object.assign(new Error('User is not authorized to perform: access-analyzer:ValidatePolicy'), { name: 'AccessDeniedException', $metadata: {} }));
    await expect(validateScps(new AccessAnalyzerClient({ region: 'us-east-1' }), [{ name: 'p1', content: DOC }], 'us-east-1'))
      .rejects.toMatchObject({ message: expect.stringContaining('access-analyzer:ValidatePolicy failed: access denied'), hint: expect.stringContaining('access-analyzer:ValidatePolicy') });
  });
});

describe('what the findings decide', () => {
  it('ERROR always stops, whatever is accepted; an unknown finding type stops too (fail closed)', () => {
    for (const accept of [[], ['all'], ['sm-ir-sagemaker-guardrails-1/BAD'], ['BAD']]) {
      const { findings } = judgeFindings([raw('ERROR', 'BAD'), raw('SOMETHING_NEW', 'ODD')], parseAcceptFindings(accept));
      expect(findings.map((f) => f.verdict)).toEqual(['stops', 'stops']);
    }
  });

  it('SECURITY_WARNING stops unless accepted by id, by issue code or by all; WARNING and SUGGESTION are shown', () => {
    const found = [raw('SECURITY_WARNING', 'SW'), raw('SECURITY_WARNING', 'SW', 'sm-ir-sagemaker-guardrails-2'), raw('WARNING', 'W'), raw('SUGGESTION', 'S')];
    const verdicts = (accept: string[]) => judgeFindings(found, parseAcceptFindings(accept)).findings.map((f) => f.verdict);
    expect(verdicts([])).toEqual(['stops', 'stops', 'shown', 'shown']);
    expect(verdicts(['sm-ir-sagemaker-guardrails-1/SW'])).toEqual(['accepted', 'stops', 'shown', 'shown']);
    expect(verdicts(['SW'])).toEqual(['accepted', 'accepted', 'shown', 'shown']);
    expect(verdicts(['all'])).toEqual(['accepted', 'accepted', 'shown', 'shown']);
    expect(judgeFindings(found, parseAcceptFindings(['sm-ir-sagemaker-guardrails-3/SW'])).unmatched).toEqual(['sm-ir-sagemaker-guardrails-3/SW']);
  });

  it('says why it stops and what to do: an ERROR cannot be accepted, a SECURITY_WARNING can by its id', () => {
    const judge = (f: RawFinding[]) => stopReason(judgeFindings(f, parseAcceptFindings([])).findings);
    expect(judge([raw('WARNING', 'W')])).toBeNull();
    expect(judge([raw('ERROR', 'BAD'), raw('SECURITY_WARNING', 'SW')])).toEqual({
      message: expect.stringMatching(/^IAM Access Analyzer found 1 ERROR and 1 SECURITY_WARNING finding\(s\) in the SCPs; nothing was changed: sm-ir-sagemaker-guardrails-1: ERROR BAD: d; /),
      hint: expect.stringContaining('an ERROR finding cannot be accepted'),
    });
    expect(judge([raw('SECURITY_WARNING', 'SW')])?.hint).toContain('--accept-findings sm-ir-sagemaker-guardrails-1/SW');
  });

  it('names the statement a location points into by its Sid', () => {
    expect(describePath([{ key: 'Statement' }, { index: 1 }, { key: 'Condition' }, { key: 'Null' }], DOC)).toBe('Statement[1] (Sid Second).Condition.Null');
    expect(describePath([{ key: 'Statement' }, { index: 0 }, { key: 'Action' }, { value: 'sagemaker:CreateApp' }], DOC)).toBe('Statement[0] (Sid First).Action = "sagemaker:CreateApp"');
    expect(describePath([], DOC)).toBe('(whole document)');
    expect(describePath([{ key: 'Statement' }, { index: 0 }], 'not json')).toBe('Statement[0]');
  });

  it('refuses malformed --accept-findings values', () => {
    expect(() => parseAcceptFindings(['lower_case'])).toThrow(/not a finding id/);
    expect(() => parseAcceptFindings(['a/b/C'])).toThrow(/not a finding id/);
    expect(() => parseAcceptFindings(['all', 'X'])).toThrow(/not both/);
    expect(parseAcceptFindings(['p-1/CODE_1,CODE_2'])).toEqual({ all: false, ids: ['p-1/CODE_1', 'CODE_2'] });
  });
});
