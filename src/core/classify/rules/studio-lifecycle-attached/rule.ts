import { z } from 'zod';
import type { UserIdentity } from '../../../cloudtrail.js';
import { PlaybookDataError } from '../../../../errors.js';
import { SEVERITIES } from '../../../../playbook/severity.js';
import { principalKey } from '../../principal.js';
import { defineRule, eventAccount, isObject, makeFinding, requestString, resourcesOf, succeeded } from '../../rule.js';
import { createScriptAnalyser, decodeScript, ScriptIndicatorsSchema } from '../../script-analysis.js';
import { byTime, recordOf, stampOf, type Stamp } from '../../stamps.js';

/** Every string under one of `keys`, at any depth of the request (bounded). */
function stringsUnder(value: unknown, keys: ReadonlySet<string>, depth = 0): string[] {
  if (depth > 8) return [];
  if (Array.isArray(value)) return value.flatMap((v) => stringsUnder(v, keys, depth + 1));
  if (!isObject(value)) return [];
  return Object.entries(value).flatMap(([k, v]) =>
    keys.has(k) ? [v].flat().filter((s): s is string => typeof s === 'string') : stringsUnder(v, keys, depth + 1),
  );
}

interface Created {
  stamp: Stamp;
  principal: string;
  labels: string[];
}
interface Attached {
  stamp: Stamp;
  identity: UserIdentity | undefined;
  principal: string;
  scope: string;
  target: string;
  configs: { arn: string; name: string }[];
  resources: string[];
}

const CONFIG_NAME = /:studio-lifecycle-config\/([^/]+)$/;

/**
 * A Studio lifecycle configuration attached to a domain, user profile or space (its defaults or the
 * lifecycle configurations it may run) or to an app at its start: from then on the script runs in every
 * app that starts there. Critical when the attached script holds the lifecycle rule's indicators; high
 * when the principal attaching it created it in the window shortly before; low otherwise (an
 * administrator wiring up a reviewed configuration). Settled once every record has been seen.
 */
export default defineRule({
  id: 'studio-lifecycle-attached',
  paramsSchema: z.object({
    source: z.string(),
    createEvent: z.string(),
    nameField: z.string(),
    contentField: z.string(),
    /** Attaching APIs -> the request field naming what they change (shown, and kept as the resource). */
    attachEvents: z.record(z.string(), z.object({ scope: z.string(), targetFields: z.array(z.string()).min(1) })),
    arnKeys: z.array(z.string()).min(1),
    /** The rule whose indicators judge the attached script. */
    indicatorsRule: z.string(),
    windowMinutes: z.number().positive(),
    suspiciousSeverity: z.enum(SEVERITIES),
    routineSeverity: z.enum(SEVERITIES),
  }),
  create({ meta, params, playbook }) {
    const indicators = ScriptIndicatorsSchema.safeParse(playbook.rules.rules.find((r) => r.id === params.indicatorsRule)?.params);
    if (!indicators.success) throw new PlaybookDataError(`rules/${meta.id}/meta.ts`, `params.indicatorsRule: '${params.indicatorsRule}' has no valid indicators`);
    const analyser = createScriptAnalyser(indicators.data);
    const arnKeys = new Set(params.arnKeys);
    const created = new Map<string, Created>(); // account, region, name -> its earliest create
    const attached: Attached[] = [];
    const windowMs = params.windowMinutes * 60_000;
    const configKey = (account: string | null, region: string | undefined, name: string) => `${account ?? ''}\n${region ?? ''}\n${name}`;

    return {
      reads: { events: [{ source: params.source, names: [params.createEvent, ...Object.keys(params.attachEvents)] }] },
      onRecord(r) {
        if (!succeeded(r)) return;
        if (r.eventName === params.createEvent) {
          const name = requestString(r, params.nameField);
          if (!name) return;
          const text = decodeScript(requestString(r, params.contentField) ?? '');
          const labels = text === undefined ? [] : [...new Set(analyser.scan(text).flatMap((h) => h.labels))];
          const key = configKey(eventAccount(r), r.awsRegion, name);
          const stamp = stampOf(r);
          const prev = created.get(key);
          if (!prev || byTime(stamp, prev.stamp) < 0) created.set(key, { stamp, principal: principalKey(r), labels });
          return;
        }
        const attach = params.attachEvents[r.eventName];
        if (!attach) return;
        const configs = [...new Set(stringsUnder(r.requestParameters, arnKeys))].flatMap((arn) => {
          const name = CONFIG_NAME.exec(arn)?.[1];
          return name ? [{ arn, name }] : [];
        });
        if (configs.length === 0) return;
        const target = attach.targetFields.map((f) => requestString(r, f)).filter((v): v is string => v !== undefined).join('/');
        attached.push({ stamp: stampOf(r), identity: r.userIdentity, principal: principalKey(r), scope: attach.scope, target, configs, resources: resourcesOf(r) });
      },
      finish(emit) {
        for (const a of attached) {
          const account = a.stamp.recipientAccountId ?? a.identity?.accountId ?? null;
          const origins = a.configs.map((c) => ({ ...c, created: created.get(configKey(account, a.stamp.awsRegion, c.name)) }));
          const suspicious = origins.filter((o) => (o.created?.labels.length ?? 0) > 0);
          const ownFresh = origins.filter((o) => o.created && o.created.principal === a.principal && a.stamp.t - o.created.stamp.t >= 0 && a.stamp.t - o.created.stamp.t <= windowMs);
          const names = a.configs.map((c) => c.name).join(', ');
          const why =
            suspicious.length > 0
              ? `its script holds ${[...new Set(suspicious.flatMap((s) => s.created?.labels ?? []))].join('; ')}`
              : ownFresh.length > 0
                ? `created by the same principal ${Math.round((a.stamp.t - (ownFresh[0]?.created?.stamp.t ?? a.stamp.t)) / 60_000)} min before`
                : 'created before the window or by another principal';
          emit(
            makeFinding(recordOf(a.stamp, a.identity), meta, {
              severity: suspicious.length > 0 ? params.suspiciousSeverity : ownFresh.length > 0 ? meta.severity : params.routineSeverity,
              reason: `${a.stamp.eventName} attaches Studio lifecycle configuration ${names} to ${a.scope} ${a.target || '(unnamed)'}: ${why}`,
              resources: [...new Set([...a.resources, ...a.configs.map((c) => c.arn)])],
              evidence: {
                scope: a.scope,
                target: a.target,
                lifecycleConfigArns: a.configs.map((c) => c.arn),
                ...(suspicious.length > 0 ? { indicators: [...new Set(suspicious.flatMap((s) => s.created?.labels ?? []))] } : {}),
                createdBySamePrincipal: ownFresh.length > 0,
                // The creating events: where the script itself is (the lifecycle rule's finding, when it has indicators).
                createEventIds: [...new Set([...suspicious, ...ownFresh].flatMap((o) => (o.created?.stamp.eventID ? [o.created.stamp.eventID] : [])))],
              },
            }),
          );
        }
      },
    };
  },
});
