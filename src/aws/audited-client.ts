import { isReadOperation, type CallRecorder } from '../core/change/recorder.js';
import { awsErrorCode } from './errors.js';

type Sendable = { send(command: never, ...rest: never[]): Promise<unknown> };

/**
 * `client` with every send() recorded in the change engine's audit format: the operation (from the
 * command's class name), its input, outcome and request id; reads are marked readOnly. An error whose
 * code `alreadyDone` accepts for that operation means the change was in place: recorded already-done.
 * A change is recorded `sent` before the request and settled after it (one callId for both), so a
 * run killed while AWS has the request still leaves its trace.
 */
export function auditedClient<C extends Sendable>(
  client: C,
  service: string,
  region: string | null,
  recorder: CallRecorder,
  alreadyDone: (operation: string, code: string | null) => boolean = () => false,
): C {
  const send = async (command: { input?: unknown; constructor: { name: string } }, ...rest: never[]): Promise<unknown> => {
    const operation = command.constructor.name.replace(/Command$/, '');
    const call = { region, service, operation, parameters: command.input ?? {}, readOnly: isReadOperation(operation) };
    const base = { ...call, ...recorder.sent(call) };
    try {
      // Forwarded exactly as the caller made it: the command's type was checked against C's own send().
      const res = (await Reflect.apply(client.send, client, [command, ...rest])) as { $metadata?: { requestId?: string } };
      recorder.record({ ...base, outcome: 'ok', requestId: res?.$metadata?.requestId ?? null, error: null });
      return res;
    } catch (e) {
      const code = awsErrorCode(e) ?? null;
      const requestId = (e as { $metadata?: { requestId?: string } })?.$metadata?.requestId ?? null;
      const error = { code, message: e instanceof Error ? e.message : String(e) };
      recorder.record({ ...base, outcome: alreadyDone(operation, code) ? 'already-done' : 'error', requestId, error });
      throw e;
    }
  };
  return new Proxy(client, { get: (target, prop, receiver) => (prop === 'send' ? send : Reflect.get(target, prop, receiver)) });
}
