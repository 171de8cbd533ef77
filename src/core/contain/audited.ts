import { isReadOperation, type CallRecorder } from '../change/recorder.js';
import { codeOf, requestIdOf, type AwsCaller } from './caller.js';

/**
 * `caller`, with each call recorded in the change engine's audit format as it completes; a change is
 * also recorded as sent before the request (one callId pairs the two lines).
 */
export function auditedCaller(caller: AwsCaller, recorder: CallRecorder): AwsCaller {
  return {
    call: async (service, operation, parameters) => {
      const readOnly = isReadOperation(operation);
      const paired = recorder.sent({ service, operation, parameters, readOnly });
      try {
        const res = await caller.call(service, operation, parameters);
        recorder.record({ service, operation, parameters, outcome: 'ok', requestId: res.requestId, error: null, readOnly, ...paired });
        return res;
      } catch (e) {
        const error = { code: codeOf(e), message: e instanceof Error ? e.message : String(e) };
        recorder.record({ service, operation, parameters, outcome: 'error', requestId: requestIdOf(e), error, readOnly, ...paired });
        throw e;
      }
    },
  };
}
