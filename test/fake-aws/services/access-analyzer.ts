/**
 * Fake of IAM Access Analyzer's ValidatePolicy (restJson1: POST /policy/validation, maxResults and
 * nextToken in the query, the rest in a JSON body). Policy grammar is AWS's to judge, not the fake's:
 * a test stages the findings a document gets (`stage`), and the fake answers them page by page as
 * the API does. Only what the API itself refuses is checked here: a missing or unknown policyType or
 * document (ValidationException), a bad nextToken, and a document that is not JSON (JSON_SYNTAX_ERROR).
 */
import { FakeAwsError, type FakeRequest, type RestRequest, type ServiceModule } from '../types.js';

export type FindingType = 'ERROR' | 'SECURITY_WARNING' | 'WARNING' | 'SUGGESTION';

/** A finding on the wire (ValidatePolicyFinding). */
export interface WireFinding {
  findingType: FindingType;
  issueCode: string;
  findingDetails: string;
  learnMoreLink: string;
  locations: { path: ({ index: number } | { key: string } | { value: string })[]; span: { start: Position; end: Position } }[];
}
interface Position {
  line: number;
  column: number;
  offset: number;
}

const POLICY_TYPES = ['IDENTITY_POLICY', 'RESOURCE_POLICY', 'SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY'];
const LEARN_MORE = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html';
/** The API's default page size when maxResults is not given. */
const DEFAULT_PAGE = 100;

export interface AccessAnalyzerFake extends ServiceModule {
  /**
   * Every document for which `when` holds (parsed JSON; every document when omitted) gets this finding,
   * located at `path` (e.g. ['Statement', 2, 'Condition']).
   */
  stage(finding: { findingType: FindingType; issueCode: string; findingDetails?: string; path?: (string | number)[] }, when?: (doc: { Statement?: { Sid?: string }[] }) => boolean): void;
  /** Every ValidatePolicy request: the policy type, the document, the page asked for. */
  requests: { policyType: string; policyDocument: string; maxResults: number | undefined; nextToken: string | undefined }[];
}

const at = (offset: number): Position => ({ line: 1, column: offset, offset });

export function createAccessAnalyzerFake(): AccessAnalyzerFake {
  const staged: { finding: Omit<WireFinding, 'locations'> & { path: (string | number)[] }; when: (doc: never) => boolean }[] = [];
  const requests: AccessAnalyzerFake['requests'] = [];

  function findingsOf(document: string): WireFinding[] {
    let parsed: unknown;
    try {
      parsed = JSON.parse(document);
    } catch {
      return [{
        findingType: 'ERROR', issueCode: 'JSON_SYNTAX_ERROR', learnMoreLink: LEARN_MORE,
        findingDetails: 'Fix the JSON syntax error.', locations: [{ path: [], span: { start: at(0), end: at(document.length) } }],
      }];
    }
    return staged
      .filter((s) => s.when(parsed as never))
      .map(({ finding: { path, ...f } }) => ({
        ...f,
        locations: [{
          path: path.map((p) => (typeof p === 'number' ? { index: p } : { key: p })),
          span: { start: at(0), end: at(document.length) },
        }],
      }));
  }

  const handlers: Record<string, (req: FakeRequest) => unknown> = {
    ValidatePolicy: ({ input }) => {
      const policyType = String(input.policyType ?? '');
      const policyDocument = input.policyDocument;
      const maxResults = input.maxResults === undefined ? undefined : Number(input.maxResults);
      const nextToken = input.nextToken === undefined ? undefined : String(input.nextToken);
      if (typeof policyDocument !== 'string') throw new FakeAwsError('ValidationException', 'Missing required field: policyDocument', 400, { reason: 'fieldValidationFailed' });
      if (!POLICY_TYPES.includes(policyType)) {
        throw new FakeAwsError('ValidationException', `Invalid policyType: ${policyType || '(none)'}`, 400, { reason: 'fieldValidationFailed' });
      }
      requests.push({ policyType, policyDocument, maxResults, nextToken });
      const all = findingsOf(policyDocument);
      const start = nextToken === undefined ? 0 : Number.parseInt(Buffer.from(nextToken, 'base64url').toString('utf8').replace(/^page:/, ''), 10);
      if (!Number.isInteger(start) || start < 0 || start > all.length) throw new FakeAwsError('ValidationException', 'Invalid nextToken', 400, { reason: 'other' });
      const size = maxResults ?? DEFAULT_PAGE;
      const end = start + size;
      return {
        findings: all.slice(start, end),
        ...(end < all.length ? { nextToken: Buffer.from(`page:${end}`).toString('base64url') } : {}),
      };
    },
  };

  return {
    service: 'access-analyzer',
    protocol: 'restJson1',
    handlers,
    requests,
    route: (req: RestRequest) => {
      if (req.method !== 'POST' || req.path !== '/policy/validation') return undefined;
      const input: Record<string, unknown> = {};
      const maxResults = req.query.get('maxResults');
      const nextToken = req.query.get('nextToken');
      if (maxResults !== null) input.maxResults = maxResults;
      if (nextToken !== null) input.nextToken = nextToken;
      return { operation: 'ValidatePolicy', input };
    },
    stage(finding, when = () => true) {
      staged.push({
        finding: { findingType: finding.findingType, issueCode: finding.issueCode, findingDetails: finding.findingDetails ?? finding.issueCode, learnMoreLink: LEARN_MORE, path: finding.path ?? [] },
        when: when as (doc: never) => boolean,
      });
    },
  };
}
