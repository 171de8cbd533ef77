// Records for this rule: attacks it flags, benign look-alikes it leaves alone (test/unit/classify/rule-fixtures.test.ts).
import { fromConsole, rec, type RuleFixtures } from '../fixture-kit.js';

export const notebookUrl = rec('CreatePresignedNotebookInstanceUrl', { notebookInstanceName: 'nb-1', sessionExpirationDurationInSeconds: 1800 });
export const domainUrl = rec('CreatePresignedDomainUrl', { domainId: 'd-abcdef123456', userProfileName: 'alice' });

export default {
  attack: [
    { name: 'a presigned notebook URL', records: [notebookUrl] },
    { name: 'a presigned Studio domain URL', records: [domainUrl] },
    { name: 'a presigned MLflow tracking server URL', records: [rec('CreatePresignedMlflowTrackingServerUrl', { trackingServerName: 'fraud-experiments', expiresInSeconds: 300 })] },
  ],
  nearMiss: [
    {
      name: 'a denied presigned notebook URL (no URL was issued)',
      records: [rec('CreatePresignedNotebookInstanceUrl', { notebookInstanceName: 'nb-1' }, { errorCode: 'AccessDeniedException', errorMessage: 'not authorized' })],
    },
    { name: 'describing the tracking server (no URL)', records: [rec('DescribeMlflowTrackingServer', { trackingServerName: 'fraud-experiments' }, { readOnly: true })] },
    { name: 'describing the notebook (no URL)', records: [rec('DescribeNotebookInstance', { notebookInstanceName: 'nb-1' }, { readOnly: true })] },
  ],
  routine: [
    {
      name: 'a data scientist opening her notebook from the console',
      mirrors: 'a presigned notebook URL',
      records: [rec('CreatePresignedNotebookInstanceUrl', { notebookInstanceName: 'nb-1' }, { ...fromConsole, sessionCredentialFromConsole: 'true' })],
    },
  ],
} satisfies RuleFixtures;
