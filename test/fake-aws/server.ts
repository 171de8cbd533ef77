/**
 * A wire-level fake of the AWS APIs sm-ir calls, for tests only. It listens on 127.0.0.1 (random
 * port), accepts what the real SDK v3 clients send (awsJson1_1 with X-Amz-Target, awsQuery and
 * ec2Query form bodies, restXml routed by method and path for S3, restJson1 routed by method and path
 * with a JSON body for IAM Access Analyzer), requires a SigV4 Authorization header and takes service, region and access
 * key from its credential scope, enforces per-region rate limits, injects faults, records every call,
 * and answers in the shapes the SDK's deserialisers parse. Service state lives in modules
 * (services/*.ts) that know nothing of HTTP (see types.ts).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Faults, type CallKey } from './faults.js';
import { defaultRegions, isEnabled, type FakeRegion } from './regions.js';
import { Stats } from './stats.js';
import { FakeAwsError, type Protocol, type RestResponse, type ServiceModule } from './types.js';
import { decodeQueryBody, toJsonWire, toXml } from './wire.js';

export const DEFAULT_ACCOUNT = '111122223333';

export interface FakeAwsOptions {
  modules?: ServiceModule[];
  /** Access key id -> account id. When given, other keys are rejected as AWS rejects unknown keys. */
  accounts?: Record<string, string>;
  /** Known regions; calls to a region that is unknown or not opted in fail as they do on AWS. */
  regions?: FakeRegion[];
  /** false: no operation is throttled for its rate (for tests that do not check pacing and run the CLI with UNPACED, test/e2e/run-cli.ts). Default true. */
  rateLimits?: boolean;
}

export interface FakeAws {
  url: string;
  stats: Stats;
  faults: Faults;
  regions: FakeRegion[];
  /** Access key id -> account: `accounts` from the options, plus the temporary keys STS AssumeRole issues. */
  accessKeys: Map<string, string>;
  register(module: ServiceModule): void;
  /** Errors thrown by module handlers that were not FakeAwsError (bugs in the fake or a test). */
  handlerBugs: Error[];
  close(): Promise<void>;
}

const SCOPE = /Credential=([^/,\s]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/;

/** The error codes each protocol family uses for the conditions the core raises itself. */
const CORE_ERRORS = {
  json: {
    missingAuth: ['MissingAuthenticationTokenException', 400, 'Missing Authentication Token'],
    badToken: ['UnrecognizedClientException', 400, 'The security token included in the request is invalid.'],
    expired: ['ExpiredTokenException', 400, 'The security token included in the request is expired'],
    throttle: ['ThrottlingException', 400, 'Rate exceeded'],
    internal: ['InternalFailure', 500, 'The request processing has failed because of an unknown error, exception or failure.'],
    denied: ['AccessDeniedException', 400, ''],
    unknownOp: ['UnknownOperationException', 400, ''],
  },
  query: {
    missingAuth: ['MissingAuthenticationToken', 403, 'Request is missing Authentication Token'],
    badToken: ['InvalidClientTokenId', 403, 'The security token included in the request is invalid.'],
    expired: ['ExpiredToken', 403, 'The security token included in the request is expired'],
    throttle: ['Throttling', 400, 'Rate exceeded'],
    internal: ['InternalFailure', 500, 'The request processing has failed because of an unknown error, exception or failure.'],
    denied: ['AccessDenied', 403, ''],
    unknownOp: ['InvalidAction', 400, ''],
  },
  ec2: {
    missingAuth: ['MissingAuthenticationToken', 401, 'Request is missing Authentication Token'],
    badToken: ['AuthFailure', 401, 'AWS was not able to validate the provided access credentials'],
    expired: ['RequestExpired', 400, 'Request has expired.'],
    throttle: ['RequestLimitExceeded', 503, 'Request limit exceeded.'],
    internal: ['InternalError', 500, 'An internal error has occurred'],
    denied: ['UnauthorizedOperation', 403, ''],
    unknownOp: ['InvalidAction', 400, ''],
  },
  // restJson1 (IAM Access Analyzer): the status carries the class of error, x-amzn-errortype the code.
  restJson: {
    missingAuth: ['MissingAuthenticationTokenException', 403, 'Missing Authentication Token'],
    badToken: ['UnrecognizedClientException', 403, 'The security token included in the request is invalid.'],
    expired: ['ExpiredTokenException', 403, 'The security token included in the request is expired'],
    throttle: ['ThrottlingException', 429, 'Rate exceeded'],
    internal: ['InternalServerException', 500, 'Internal server error'],
    denied: ['AccessDeniedException', 403, ''],
    unknownOp: ['UnknownOperationException', 404, ''],
  },
  // S3: an unsigned request is anonymous and denied; an unknown key is InvalidAccessKeyId.
  rest: {
    missingAuth: ['AccessDenied', 403, 'Access Denied'],
    badToken: ['InvalidAccessKeyId', 403, 'The AWS Access Key Id you provided does not exist in our records.'],
    expired: ['ExpiredToken', 400, 'The provided token has expired.'],
    throttle: ['SlowDown', 503, 'Please reduce your request rate.'],
    internal: ['InternalError', 500, 'We encountered an internal error. Please try again.'],
    denied: ['AccessDenied', 403, 'Access Denied'],
    unknownOp: ['NotImplemented', 501, 'A header you provided implies functionality that is not implemented'],
  },
} as const;
type Family = keyof typeof CORE_ERRORS;
type CoreError = keyof (typeof CORE_ERRORS)['json'];

const family = (p: Protocol | undefined): Family =>
  p === 'awsQuery' ? 'query' : p === 'ec2Query' ? 'ec2' : p === 'restXml' ? 'rest' : p === 'restJson1' ? 'restJson' : 'json';

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startFakeAws(options: FakeAwsOptions = {}): Promise<FakeAws> {
  const modules = new Map<string, ServiceModule>();
  const stats = new Stats();
  const faults = new Faults();
  const regions = options.regions ?? defaultRegions();
  const handlerBugs: Error[] = [];
  const accessKeys = new Map(Object.entries(options.accounts ?? {}));
  // Accepted calls per service/operation/region(/account), for the rate limits.
  const recent = new Map<string, number[]>();
  for (const m of options.modules ?? []) modules.set(m.service, m);

  function send(res: ServerResponse, status: number, body: string, contentType: string, requestId: string, extra: Record<string, string> = {}): void {
    res.writeHead(status, { 'content-type': contentType, 'x-amzn-requestid': requestId, ...extra });
    res.end(body);
  }

  function sendError(res: ServerResponse, fam: Family, code: string, status: number, message: string, requestId: string, fields: Record<string, unknown> = {}): void {
    if (fam === 'json') {
      send(res, status, JSON.stringify({ __type: code, message, ...fields }), 'application/x-amz-json-1.1', requestId, {
        'x-amzn-errortype': `${code}:http://internal.amazon.com/coral/com.amazon.coral.service/`,
      });
    } else if (fam === 'restJson') {
      send(res, status, JSON.stringify({ message, ...fields }), 'application/json', requestId, { 'x-amzn-errortype': code });
    } else if (fam === 'rest') {
      const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${toXml(message, 'member')}</Message><RequestId>${requestId}</RequestId></Error>`;
      send(res, status, xml, 'application/xml', requestId, { 'x-amz-request-id': requestId });
    } else if (fam === 'query') {
      const xml = `<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>${status >= 500 ? 'Receiver' : 'Sender'}</Type><Code>${code}</Code><Message>${toXml(message, 'member')}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
      send(res, status, xml, 'text/xml', requestId);
    } else {
      const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${code}</Code><Message>${toXml(message, 'item')}</Message></Error></Errors><RequestID>${requestId}</RequestID></Response>`;
      send(res, status, xml, 'text/xml;charset=UTF-8', requestId);
    }
  }

  function sendCore(res: ServerResponse, fam: Family, which: CoreError, requestId: string, message?: string): string {
    const [code, status, defaultMessage] = CORE_ERRORS[fam][which];
    sendError(res, fam, code, status, message ?? defaultMessage, requestId);
    return code;
  }

  function sendOk(res: ServerResponse, mod: ServiceModule, operation: string, output: unknown, requestId: string): void {
    const fam = family(mod.protocol);
    if (fam === 'rest') {
      const r = output as RestResponse;
      res.writeHead(r.status ?? 200, { 'x-amz-request-id': requestId, 'content-length': String(Buffer.byteLength(r.body)), ...r.headers });
      res.end(r.body);
      return;
    }
    const ns = mod.xmlNamespace ? ` xmlns="${mod.xmlNamespace}"` : '';
    if (fam === 'restJson') {
      send(res, 200, toJsonWire(output ?? {}), 'application/json', requestId);
    } else if (fam === 'json') {
      send(res, 200, toJsonWire(output ?? {}), `application/x-amz-json-${mod.protocol === 'awsJson1_0' ? '1.0' : '1.1'}`, requestId);
    } else if (fam === 'query') {
      const xml = `<${operation}Response${ns}><${operation}Result>${toXml(output, 'member')}</${operation}Result><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${operation}Response>`;
      send(res, 200, xml, 'text/xml', requestId);
    } else {
      const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<${operation}Response${ns}><requestId>${requestId}</requestId>${toXml(output, 'item')}</${operation}Response>`;
      send(res, 200, xml, 'text/xml;charset=UTF-8', requestId);
    }
  }

  /** Sliding one-second window per operation, region and account: AWS's "N requests per second". */
  function overLimit(mod: ServiceModule, call: CallKey, accountId: string, now: number): boolean {
    const limit = options.rateLimits === false ? undefined : mod.rateLimits?.[call.operation];
    if (limit === undefined) return false;
    const key = `${call.service}/${call.operation}/${call.region}/${accountId}`;
    const times = (recent.get(key) ?? []).filter((t) => now - t < 1000);
    if (times.length >= limit) {
      recent.set(key, times);
      return true;
    }
    times.push(now);
    recent.set(key, times);
    return false;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = Date.now();
    const requestId = randomUUID();
    const body = await readBody(req);
    const auth = req.headers.authorization ?? '';
    const scope = SCOPE.exec(auth);
    const target = req.headers['x-amz-target'];
    if (!scope || !auth.startsWith('AWS4-HMAC-SHA256 ')) {
      // Without a scope the service is unknown: answer in the family the request looks like.
      const fam: Family =
        typeof target === 'string' ? 'json'
          : /Version=2016-11-15/.test(body) ? 'ec2'
            : /Action=/.test(body) ? 'query'
              : /^application\/json/.test(req.headers['content-type'] ?? '') ? 'restJson' : 'rest';
      sendCore(res, fam, 'missingAuth', requestId);
      return;
    }
    const [, accessKeyId = '', region = '', service = ''] = scope;
    const mod = modules.get(service);
    const fam = family(mod?.protocol);

    let operation: string;
    let input: Record<string, unknown>;
    if (fam === 'json') {
      // AWS accepts the short target the SDK sends ("CloudTrail_20131101.LookupEvents") and the long
      // namespaced one ("com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents").
      const t = typeof target === 'string' ? target : '';
      const prefix = t.slice(0, Math.max(0, t.lastIndexOf('.')));
      operation = t.slice(t.lastIndexOf('.') + 1);
      const want = mod?.targetPrefix?.split('.').pop();
      if (want !== undefined && prefix !== want && !prefix.endsWith(`.${want}`)) operation = '';
      try {
        input = body ? (JSON.parse(body) as Record<string, unknown>) : {};
      } catch {
        sendError(res, fam, 'SerializationException', 400, 'body is not JSON', requestId);
        return;
      }
    } else if (fam === 'rest' || fam === 'restJson') {
      const url = new URL(req.url ?? '/', 'http://fake');
      const routed = mod?.route?.({
        method: req.method ?? 'GET',
        path: decodeURIComponent(url.pathname),
        query: url.searchParams,
        host: req.headers.host ?? '',
        headers: req.headers,
      });
      operation = routed?.operation ?? '';
      input = routed?.input ?? {};
      if (fam === 'restJson' && body) {
        // restJson1: members bound to the path or query come from the route, the rest from the JSON body.
        try {
          input = { ...(JSON.parse(body) as Record<string, unknown>), ...input };
        } catch {
          sendError(res, fam, 'SerializationException', 400, 'body is not JSON', requestId);
          return;
        }
      }
    } else {
      const q = decodeQueryBody(body);
      operation = q.action;
      input = q.input;
    }
    const call: CallKey = { service, operation, region, accessKeyId };
    const record = (outcome: string): void => stats.record({ ...call, at, outcome, requestId, input });

    if (!mod || !operation || !mod.handlers[operation]) {
      record(sendCore(res, fam, 'unknownOp', requestId, `unknown operation ${service}:${operation || String(target)}`));
      return;
    }
    const accountId = accessKeys.get(accessKeyId) ?? (options.accounts ? undefined : DEFAULT_ACCOUNT);
    const known = regions.find((r) => r.name === region);
    // Unknown keys, and regions the account has not opted into, both get AWS's "invalid token" answer.
    if (accountId === undefined || !known || !isEnabled(known)) {
      record(sendCore(res, fam, 'badToken', requestId));
      return;
    }
    const taken = faults.takeFault(call);
    const fault = taken?.kind;
    if (fault === 'drop-connection') {
      record('dropped');
      req.socket.destroy();
      return;
    }
    if (fault === 'throttle') {
      sendCore(res, fam, 'throttle', requestId);
      record('throttled');
      return;
    }
    if (fault === 'server-error') {
      record(sendCore(res, fam, 'internal', requestId));
      return;
    }
    if (fault === 'expired-token') {
      record(sendCore(res, fam, 'expired', requestId));
      return;
    }
    if (fault === 'access-denied') {
      const action = `${service}:${operation}`;
      const msg = `User: arn:aws:iam::${accountId}:user/responder is not authorized to perform: ${action} with an explicit deny in a service control policy`;
      record(sendCore(res, fam, 'denied', requestId, msg));
      return;
    }
    if (overLimit(mod, call, accountId, at)) {
      sendCore(res, fam, 'throttle', requestId);
      record('throttled');
      return;
    }
    try {
      const handler = mod.handlers[operation] as (r: unknown) => unknown;
      const output = await handler({ service, region, operation, input, accessKeyId, accountId });
      // hold: the change is made, the answer never sent (closeAllConnections ends it when the fake closes).
      if (fault === 'hold') {
        record('held');
        taken?.onHeld?.();
        return;
      }
      if (fault === 'applied-server-error') {
        record(sendCore(res, fam, 'internal', requestId));
        return;
      }
      sendOk(res, mod, operation, output, requestId);
      record('ok');
    } catch (err) {
      if (err instanceof FakeAwsError) {
        sendError(res, fam, err.code, err.status, err.message, requestId, err.fields);
        record(err.code);
      } else {
        handlerBugs.push(err instanceof Error ? err : new Error(String(err)));
        sendError(res, fam, CORE_ERRORS[fam].internal[0], 500, `fake handler failed: ${String(err)}`, requestId);
        record('handler-bug');
      }
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      handlerBugs.push(err instanceof Error ? err : new Error(String(err)));
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    stats,
    faults,
    regions,
    accessKeys,
    handlerBugs,
    register(module: ServiceModule) {
      modules.set(module.service, module);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
