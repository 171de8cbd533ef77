/** The Access Analyzer fake answers the real @aws-sdk/client-accessanalyzer over HTTP (restJson1). */
import { AccessAnalyzerClient, ValidatePolicyCommand, paginateValidatePolicy, type ValidatePolicyFinding } from '@aws-sdk/client-accessanalyzer';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clientConfig } from './helpers.js';
import { startFakeAws, type FakeAws } from './server.js';
import { createAccessAnalyzerFake, type AccessAnalyzerFake } from './services/access-analyzer.js';

let fake: FakeAws;
let aa: AccessAnalyzerFake;

beforeEach(async () => {
  aa = createAccessAnalyzerFake();
  fake = await startFakeAws({ modules: [aa] });
});
afterEach(async () => {
  expect(fake.handlerBugs).toEqual([]);
  await fake.close();
});

const client = () => new AccessAnalyzerClient(clientConfig(fake.url, 'us-east-1', 1));
const DOC = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'A', Effect: 'Deny', Action: 'sagemaker:CreateApp', Resource: '*' }, { Sid: 'B', Effect: 'Deny', Action: 'sagemaker:CreateModel', Resource: '*' }] });

describe('Access Analyzer ValidatePolicy', () => {
  it('answers the staged findings for the documents they match, with their locations, as the SDK parses them', async () => {
    aa.stage({ findingType: 'ERROR', issueCode: 'INVALID_SERVICE_CONDITION_KEY', findingDetails: 'The condition key sagemaker:Nope does not exist.', path: ['Statement', 1, 'Condition'] }, (d) => d.Statement?.some((s) => s.Sid === 'B') ?? false);
    aa.stage({ findingType: 'SUGGESTION', issueCode: 'EMPTY_ARRAY_CONDITION' }, (d) => d.Statement?.some((s) => s.Sid === 'Z') ?? false);
    const out = await client().send(new ValidatePolicyCommand({ policyDocument: DOC, policyType: 'SERVICE_CONTROL_POLICY' }));
    expect(out.findings).toEqual([
      expect.objectContaining({
        findingType: 'ERROR', issueCode: 'INVALID_SERVICE_CONDITION_KEY', findingDetails: 'The condition key sagemaker:Nope does not exist.',
        locations: [expect.objectContaining({ path: [{ key: 'Statement' }, { index: 1 }, { key: 'Condition' }], span: expect.objectContaining({ start: { line: 1, column: 0, offset: 0 } }) })],
      }),
    ]);
    expect(out.nextToken).toBeUndefined();
    expect(aa.requests).toEqual([{ policyType: 'SERVICE_CONTROL_POLICY', policyDocument: DOC, maxResults: undefined, nextToken: undefined }]);
  });

  it('pages the findings with maxResults and nextToken (in the query string); a bad token is a ValidationException', async () => {
    for (const code of ['A_1', 'A_2', 'A_3', 'A_4', 'A_5']) aa.stage({ findingType: 'WARNING', issueCode: code });
    const pages: (ValidatePolicyFinding[] | undefined)[] = [];
    for await (const page of paginateValidatePolicy({ client: client(), pageSize: 2 }, { policyDocument: DOC, policyType: 'SERVICE_CONTROL_POLICY' })) pages.push(page.findings);
    expect(pages.map((p) => p?.map((f) => f.issueCode))).toEqual([['A_1', 'A_2'], ['A_3', 'A_4'], ['A_5']]);
    expect(aa.requests.map((r) => r.maxResults)).toEqual([2, 2, 2]);
    await expect(client().send(new ValidatePolicyCommand({ policyDocument: DOC, policyType: 'SERVICE_CONTROL_POLICY', nextToken: 'garbage' })))
      .rejects.toMatchObject({ name: 'ValidationException', $metadata: { httpStatusCode: 400 } });
  });

  it('refuses an unknown policy type; a document that is not JSON gets JSON_SYNTAX_ERROR', async () => {
    await expect(client().send(new ValidatePolicyCommand({ policyDocument: DOC, policyType: 'NOPE' as never })))
      .rejects.toMatchObject({ name: 'ValidationException', message: 'Invalid policyType: NOPE' });
    const out = await client().send(new ValidatePolicyCommand({ policyDocument: '{"Version": ', policyType: 'SERVICE_CONTROL_POLICY' }));
    expect(out.findings?.map((f) => [f.findingType, f.issueCode])).toEqual([['ERROR', 'JSON_SYNTAX_ERROR']]);
  });

  it('answers AccessDenied (403) naming access-analyzer:ValidatePolicy, and throttling as 429 ThrottlingException', async () => {
    fake.faults.denyAccess({ operation: 'ValidatePolicy' });
    await expect(client().send(new ValidatePolicyCommand({ policyDocument: DOC, policyType: 'SERVICE_CONTROL_POLICY' })))
      .rejects.toMatchObject({ name: 'AccessDeniedException', message: expect.stringContaining('access-analyzer:ValidatePolicy'), $metadata: { httpStatusCode: 403 } });
    fake.faults.clear();
    fake.faults.throttle({ operation: 'ValidatePolicy' }, 1);
    await expect(client().send(new ValidatePolicyCommand({ policyDocument: DOC, policyType: 'SERVICE_CONTROL_POLICY' })))
      .rejects.toMatchObject({ name: 'ThrottlingException', $metadata: { httpStatusCode: 429 } });
  });

  it('rejects an unsigned request with MissingAuthenticationTokenException in the restJson1 form', async () => {
    const res = await fetch(`${fake.url}/policy/validation`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(403);
    expect(res.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException');
  });
});
