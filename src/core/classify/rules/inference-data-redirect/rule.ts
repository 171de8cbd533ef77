import { z } from 'zod';
import { SEVERITIES } from '../../../../playbook/severity.js';
import { parseS3Uri } from '../../../s3-uri.js';
import { defineRule, makeFinding, requestString, succeeded, timeOf, valueAt } from '../../rule.js';
import { byTime, EarliestIdentity, placeOf, recordOf, type Stamp, stampOf } from '../../stamps.js';

/** The bucket written to; a location that does not parse is compared as written. */
const bucketOf = (uri: string): string => parseS3Uri(uri)?.bucket ?? uri;

interface Config {
  /** kind ("data capture", ...) -> the S3 URI written to */
  writes: Map<string, string>;
  capture: boolean;
}

type Deploy = Stamp & { scope: string; endpoint: string; config: string; identity: EarliestIdentity };

/**
 * UpdateEndpoint onto a configuration that writes captured or asynchronous inference data to another
 * bucket than the one it replaces, or stops capturing. Configurations and deployments arrive in any
 * order: judged in finish(), each swap against the endpoint's previous deployment in the window.
 */
export default defineRule({
  id: 'inference-data-redirect',
  paramsSchema: z.object({
    source: z.string(),
    configEvent: z.string(),
    deployEvents: z.array(z.string()).min(1),
    swapEvent: z.string(),
    destinations: z.record(z.string(), z.string()),
    captureSwitch: z.string(),
    disabledSeverity: z.enum(SEVERITIES),
  }),
  create({ meta, params }) {
    // account/region/config name -> what each of its versions writes, by creation time (a name can be deleted and made again)
    const configs = new Map<string, (Config & { t: number })[]>();
    /** The version of a configuration a deployment at time t used: the latest created before it. */
    const configAt = (key: string, t: number): Config | undefined => {
      let found: (Config & { t: number }) | undefined;
      for (const c of configs.get(key) ?? []) if (c.t <= t && (!found || c.t >= found.t)) found = c;
      return found;
    };
    const deploys = new Map<string, Deploy[]>(); // account/region/endpoint -> its deployments
    return {
      reads: { events: [{ source: params.source, names: [params.configEvent, ...params.deployEvents] }] },
      onRecord(r) {
        if (!succeeded(r)) return;
        if (r.eventName === params.configEvent) {
          const name = requestString(r, 'endpointConfigName');
          if (!name) return;
          const writes = new Map<string, string>();
          for (const [kind, path] of Object.entries(params.destinations)) {
            const uri = valueAt(r.requestParameters, path);
            if (typeof uri === 'string' && uri !== '') writes.set(kind, uri);
          }
          // SageMaker captures when a DataCaptureConfig is given, unless EnableCapture is false.
          const capture = writes.has('data capture') && valueAt(r.requestParameters, params.captureSwitch) !== false;
          const key = `${placeOf(r)}/${name}`;
          configs.set(key, [...(configs.get(key) ?? []), { writes, capture, t: timeOf(r) }]);
          return;
        }
        const endpoint = requestString(r, 'endpointName');
        const config = requestString(r, 'endpointConfigName');
        if (!endpoint || !config) return;
        const key = `${placeOf(r)}/${endpoint}`;
        const list = deploys.get(key) ?? [];
        const identity = new EarliestIdentity();
        const stamp = stampOf(r);
        identity.offer(stamp, r.userIdentity);
        list.push({ ...stamp, scope: placeOf(r), endpoint, config, identity });
        deploys.set(key, list);
      },
      finish(emit) {
        for (const list of deploys.values()) {
          const ordered = list.sort(byTime);
          for (let i = 1; i < ordered.length; i++) {
            const before = ordered[i - 1] as Deploy;
            const swap = ordered[i] as Deploy;
            if (swap.eventName !== params.swapEvent) continue;
            const was = configAt(`${before.scope}/${before.config}`, before.t);
            const now = configAt(`${swap.scope}/${swap.config}`, swap.t);
            if (!was || !now) continue; // a configuration made before the window: nothing to compare with
            const moved = [...now.writes].filter(([kind, uri]) => {
              const old = was.writes.get(kind);
              return old !== undefined ? bucketOf(old) !== bucketOf(uri) : kind !== 'data capture' || was.capture;
            });
            const stopped = was.capture && !now.capture;
            if (moved.length === 0 && !stopped) continue;
            const changes = [
              ...moved.map(([kind, uri]) => `${kind} ${was.writes.get(kind) ?? 'none'} -> ${uri}`),
              ...(stopped ? ['data capture turned off'] : []),
            ];
            emit(
              makeFinding(recordOf(swap, swap.identity.identity), meta, {
                severity: moved.length > 0 ? meta.severity : params.disabledSeverity,
                reason: `endpoint ${swap.endpoint} moved from ${before.config} to ${swap.config}: ${changes.join('; ')}`,
                resources: [swap.endpoint, swap.config],
                evidence: {
                  previousDeployment: `${before.eventTime} ${before.eventName} ${before.eventID ?? ''}`.trim(),
                  endpointName: swap.endpoint,
                  previousConfig: before.config,
                  newConfig: swap.config,
                  changes,
                },
              }),
            );
          }
        }
      },
    };
  },
});
