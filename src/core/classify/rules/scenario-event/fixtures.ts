// Records for this rule: attacks it flags, benign look-alikes it leaves alone (test/unit/classify/rule-fixtures.test.ts).
import { ACCOUNT, fromConsole, keyUser, rec, type RuleFixtures } from '../fixture-kit.js';

/** AWS's documented CreateEndpoint example, with this project's example account. */
export const createEndpoint = rec('CreateEndpoint', { endpointName: 'ExampleEndpoint', endpointConfigName: 'ExampleEndpointConfig' }, {
  userIdentity: keyUser,
  responseElements: { endpointArn: `arn:aws:sagemaker:us-west-2:${ACCOUNT}:endpoint/exampleendpoint` },
  awsRegion: 'us-west-2',
});
export const deniedCreateEndpoint = rec('CreateEndpoint', { endpointName: 'e', endpointConfigName: 'c' }, { errorCode: 'AccessDenied', errorMessage: 'not authorized' });
export const unlistedCall = rec('ListNotebookInstances', {}, { readOnly: true });
/** CloudWatch's metrics-sagemaker source records calls of SageMaker's names: not SageMaker's API. */
export const lookAlikeCreateEndpoint = rec('CreateEndpoint', { endpointName: 'e' }, { eventSource: 'metrics-sagemaker.amazonaws.com' });

export default {
  attack: [
    { name: 'a successful CreateEndpoint (data poisoning, resource misuse, denial of service)', records: [createEndpoint] },
    {
      name: 'a lifecycle configuration created (configuration changes)',
      records: [rec('CreateNotebookInstanceLifecycleConfig', { notebookInstanceLifecycleConfigName: 'lcc-1', onStart: [] })],
    },
  ],
  nearMiss: [
    { name: 'a denied CreateEndpoint (left to failed-call-burst)', records: [deniedCreateEndpoint] },
    { name: 'a read-only call no scenario lists', records: [unlistedCall] },
    { name: 'CreateEndpoint on the look-alike source metrics-sagemaker.amazonaws.com', records: [lookAlikeCreateEndpoint] },
  ],
  routine: [
    {
      name: 'a data scientist creates an endpoint in the console (info: the name alone)',
      mirrors: 'a successful CreateEndpoint (data poisoning, resource misuse, denial of service)',
      records: [rec('CreateEndpoint', { endpointName: 'churn-scoring', endpointConfigName: 'churn-scoring-config' }, fromConsole)],
    },
  ],
} satisfies RuleFixtures;
