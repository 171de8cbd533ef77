/**
 * The contract between the fake AWS server's core (test/fake-aws/server.ts: HTTP, protocol
 * (de)serialisation, SigV4 presence, rate limits, fault injection) and its stateful service modules
 * (test/fake-aws/services/<service>.ts). A module knows nothing of HTTP: it gets the decoded input of
 * one operation and returns the output object, or throws FakeAwsError.
 */
export type Protocol = 'awsJson1_1' | 'awsJson1_0' | 'awsQuery' | 'ec2Query' | 'restXml' | 'restJson1';

export interface FakeRequest {
  /** SigV4 credential-scope service name, e.g. "cloudtrail", "sagemaker", "organizations". */
  service: string;
  /** SigV4 credential-scope region. */
  region: string;
  operation: string;
  /** Decoded input: the JSON body for JSON protocols; flattened params parsed into an object for query protocols. */
  input: Record<string, unknown>;
  /** The access key id from the Authorization header (tests map it to an account). */
  accessKeyId: string;
  /** The account the access key belongs to (startFakeAws `accounts`; 111122223333 by default). Always set by the server. */
  accountId?: string;
}

export class FakeAwsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    /** JSON protocols: more members of the error body, e.g. Organizations' `Reason`. */
    readonly fields: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** A REST request as the core hands it to a restXml (S3) or restJson1 (Access Analyzer) module's router. */
export interface RestRequest {
  method: string;
  /** The decoded path, e.g. "/bucket/AWSLogs/111122223333/CloudTrail/..." (path-style). */
  path: string;
  query: URLSearchParams;
  /** The Host header, for virtual-hosted-style addressing ("bucket.localhost:port"). */
  host: string;
  /** Request headers, lower-case names. */
  headers: Record<string, string | string[] | undefined>;
}

/** What a restXml handler returns: the body as is (XML or object bytes), with its status and headers. */
export interface RestResponse {
  status?: number;
  headers?: Record<string, string>;
  body: string | Buffer;
}

export interface ServiceModule {
  /** SigV4 service name the module answers for. */
  service: string;
  protocol: Protocol;
  /** For JSON protocols: the X-Amz-Target prefix before the dot, e.g. "SageMaker". */
  targetPrefix?: string;
  /** Per operation: returns the output object (or a promise of it). */
  handlers: Record<string, (req: FakeRequest) => unknown>;
  /** Operations per second allowed per region (e.g. LookupEvents: 2); enforced by the core. */
  rateLimits?: Record<string, number>;
  /**
   * Query protocols only: the xmlns of responses. Query outputs are written with their keys as given
   * (use the wire names, e.g. EC2's `regionInfo`), arrays as `<member>` (awsQuery) or `<item>` (ec2Query)
   * elements, Dates as ISO-8601. JSON outputs write Dates as epoch seconds.
   */
  xmlNamespace?: string;
  /**
   * restXml and restJson1: the operation and input of a request, from its method, path and query;
   * undefined when no operation matches. restXml handlers then return a RestResponse; restJson1
   * handlers return the output object (sent as JSON), their input being the route's members over
   * the JSON body.
   */
  route?: (req: RestRequest) => { operation: string; input: Record<string, unknown> } | undefined;
}
