// Records for this rule: attacks it flags, benign look-alikes it leaves alone (test/unit/classify/rule-fixtures.test.ts).
import { at, fromConsole, rec, type RuleFixtures } from '../fixture-kit.js';

const config = (name: string, t: string, capture: Record<string, unknown> | undefined, extra: Record<string, unknown> = {}, over = {}) =>
  rec('CreateEndpointConfig', {
    endpointConfigName: name,
    productionVariants: [{ variantName: 'AllTraffic', modelName: 'fraud-model', initialInstanceCount: 2, instanceType: 'ml.m5.xlarge' }],
    ...(capture ? { dataCaptureConfig: { initialSamplingPercentage: 100, captureOptions: [{ captureMode: 'Input' }, { captureMode: 'Output' }], ...capture } } : {}),
    ...extra,
  }, { ...at(t), ...over });
const deploy = (name: 'CreateEndpoint' | 'UpdateEndpoint', cfg: string, t: string, over = {}) =>
  rec(name, { endpointName: 'fraud-prod', endpointConfigName: cfg }, { ...at(t), ...over });
const OWN = { destinationS3Uri: 's3://fraud-capture-111122223333/prod' };

/** The production endpoint, set up by the team in the window, capturing to the team's bucket. */
const setUp = [config('fraud-v3', '08:00:00', OWN, {}, fromConsole), deploy('CreateEndpoint', 'fraud-v3', '08:01:00', fromConsole)];

export default {
  attack: [
    {
      name: 'capture redirected to another bucket, then UpdateEndpoint',
      records: [...setUp, config('fraud-v4', '10:00:00', { destinationS3Uri: 's3://ml-cache-7731/c' }), deploy('UpdateEndpoint', 'fraud-v4', '10:02:00')],
    },
    {
      name: 'asynchronous inference output sent to another bucket',
      records: [
        config('fraud-async-v1', '08:00:00', undefined, { asyncInferenceConfig: { outputConfig: { s3OutputPath: 's3://fraud-async-111122223333/out' } } }, fromConsole),
        deploy('CreateEndpoint', 'fraud-async-v1', '08:01:00', fromConsole),
        config('fraud-async-v2', '10:00:00', undefined, { asyncInferenceConfig: { outputConfig: { s3OutputPath: 's3://exfil-203-0-113-7/out' } } }),
        deploy('UpdateEndpoint', 'fraud-async-v2', '10:02:00'),
      ],
    },
    { name: 'capture turned off on the production endpoint', records: [...setUp, config('fraud-v4', '10:00:00', { ...OWN, enableCapture: false }), deploy('UpdateEndpoint', 'fraud-v4', '10:02:00')] },
  ],
  nearMiss: [
    {
      name: 'a new model version capturing to a new prefix of the same bucket',
      records: [...setUp, config('fraud-v4', '10:00:00', { destinationS3Uri: 's3://fraud-capture-111122223333/prod-v4' }, {}, fromConsole), deploy('UpdateEndpoint', 'fraud-v4', '10:02:00', fromConsole)],
    },
    { name: 'the redirecting configuration created but never deployed', records: [...setUp, config('fraud-v4', '10:00:00', { destinationS3Uri: 's3://ml-cache-7731/c' })] },
    {
      name: 'an endpoint whose previous configuration predates the window',
      records: [config('fraud-v4', '10:00:00', { destinationS3Uri: 's3://ml-cache-7731/c' }), deploy('UpdateEndpoint', 'fraud-v4', '10:02:00')],
    },
    { name: 'capture turned on where there was none', records: [config('fraud-v3', '08:00:00', undefined, {}, fromConsole), deploy('CreateEndpoint', 'fraud-v3', '08:01:00', fromConsole), config('fraud-v4', '10:00:00', OWN, {}, fromConsole), deploy('UpdateEndpoint', 'fraud-v4', '10:02:00', fromConsole)] },
  ],
} satisfies RuleFixtures;
