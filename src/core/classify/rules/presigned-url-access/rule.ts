import { z } from 'zod';
import { SEVERITIES } from '../../../../playbook/severity.js';
import { defineRule, makeFinding, requestParam, succeeded, type Evidence } from '../../rule.js';

/** Rule 5: a presigned URL gives an interactive shell on a notebook or Studio space, with its role, or an MLflow tracking server. */
export default defineRule({
  id: 'presigned-url-access',
  paramsSchema: z.object({
    source: z.string(),
    events: z.array(z.string()).min(1),
    /** A URL the console asked for (a person clicking Open Jupyter or Open Studio in their own session). */
    consoleSeverity: z.enum(SEVERITIES),
  }),
  create({ meta, params }) {
    return {
      reads: { events: [{ source: params.source, names: params.events }] },
      onRecord(r, emit) {
        if (!succeeded(r)) return;
        const evidence: Evidence = {};
        for (const k of ['notebookInstanceName', 'domainId', 'userProfileName', 'spaceName', 'trackingServerName', 'sessionExpirationDurationInSeconds', 'expiresInSeconds']) {
          const v = requestParam(r, k);
          if (typeof v === 'string' || typeof v === 'number') evidence[k] = v;
        }
        const target = [evidence.notebookInstanceName, evidence.domainId, evidence.userProfileName, evidence.spaceName, evidence.trackingServerName]
          .filter((v) => v !== undefined)
          .join('/');
        // CloudTrail marks calls made with credentials the console issued: the person's own click, not a script's.
        const inConsole = r.sessionCredentialFromConsole === 'true';
        if (inConsole) evidence.fromConsole = true;
        emit(
          makeFinding(r, meta, {
            ...(inConsole ? { severity: params.consoleSeverity } : {}),
            reason: `presigned URL created for ${target || 'a notebook or domain'} from ${r.sourceIPAddress ?? 'an unknown address'}${inConsole ? ' in the console' : ''}`,
            evidence,
          }),
        );
      },
    };
  },
});
