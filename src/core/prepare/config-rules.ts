import { UsageError } from '../../errors.js';
import type { ConfigRuleData } from '../../playbook/schema.js';

/** One region as the adapter reads it. */
export interface ConfigRegionState {
  region: string;
  /** null: no configuration recorder in this region. */
  recorder: { name: string; recording: boolean; lastStatus: string | null } | null;
  /** Existing rules: name and, for AWS managed rules, the source identifier. */
  rules: { name: string; owner: string; identifier: string }[];
  /** Compliance by rule name (COMPLIANT, NON_COMPLIANT, NOT_APPLICABLE, INSUFFICIENT_DATA). */
  compliance: Record<string, string>;
}

export interface ConfigRuleStatus {
  name: string;
  identifier: string;
  /** The name it exists under (someone may have deployed the managed rule under another name), or null. */
  existingName: string | null;
  compliance: string | null;
}

export interface ConfigRegionReport {
  region: string;
  recorderRunning: boolean;
  recorderName: string | null;
  rules: ConfigRuleStatus[];
  missing: string[];
}

export interface PutConfigRuleStep {
  region: string;
  rule: {
    ConfigRuleName: string;
    Description: string;
    Source: { Owner: 'AWS'; SourceIdentifier: string };
    Scope: { ComplianceResourceTypes: string[] };
    /** The managed rule's parameters, as AWS Config takes them: a JSON object of strings. */
    InputParameters?: string;
    MaximumExecutionFrequency?: 'TwentyFour_Hours';
  };
}

/** The rules a run covers and the parameters given for them (rule name -> parameter -> value). */
export interface ConfigRuleSelection {
  rules: ConfigRuleData[];
  parameters: Record<string, Record<string, string>>;
}

/**
 * The playbook's rules plus the opt-in ones named with --add-config-rules (`all`: every one), each
 * parameter filled from the flag the data names for it. Refused before any AWS call: an unknown or
 * non-opt-in name, a required parameter whose flag is not given, a value that does not look right,
 * and a parameter flag given for a rule that is not selected.
 */
export function selectConfigRules(all: ConfigRuleData[], add: string[] | undefined, flagValues: Record<string, string[] | undefined>): ConfigRuleSelection {
  const optIn = all.filter((r) => r.optIn).map((r) => r.name);
  const names = (add ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
  for (const n of names) {
    if (n !== 'all' && !optIn.includes(n)) {
      const why = all.some((r) => r.name === n) ? 'is one of the playbook\'s rules, always included' : 'is not an opt-in Config rule';
      throw new UsageError(`--add-config-rules: '${n}' ${why}`, `opt-in: ${optIn.join(', ')} (or all)`);
    }
  }
  const rules = all.filter((r) => !r.optIn || names.includes('all') || names.includes(r.name));
  const parameters: ConfigRuleSelection['parameters'] = {};
  const used = new Set<string>();
  for (const r of rules) {
    for (const p of r.parameters) {
      const values = p.flag ? flagValues[p.flag] : undefined;
      if (!values?.length) {
        if (!p.optional) {
          throw new UsageError(`${r.name} needs ${p.flag} (its parameter ${p.name}: ${p.description})`, `for example ${p.flag} ${p.example ?? '...'}, or leave the rule out`);
        }
        continue;
      }
      used.add(p.flag as string);
      const list = values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
      const bad = p.pattern ? list.find((v) => !new RegExp(p.pattern as string).test(v)) : undefined;
      if (bad !== undefined) throw new UsageError(`${p.flag}: '${bad}' does not look like a value of ${p.name}`, `for example ${p.example ?? p.pattern}`);
      (parameters[r.name] ??= {})[p.name] = list.join(',');
    }
  }
  for (const [flag, values] of Object.entries(flagValues)) {
    if (values?.length && !used.has(flag)) {
      const owner = all.find((r) => r.parameters.some((p) => p.flag === flag));
      throw new UsageError(`${flag} applies to ${owner?.name ?? 'no selected rule'}, which this run does not cover`, owner ? `add it: --add-config-rules ${owner.name}` : undefined);
    }
  }
  return { rules, parameters };
}

export function reportRegion(rules: ConfigRuleData[], st: ConfigRegionState): ConfigRegionReport {
  const statuses = rules.map((r) => {
    const found = st.rules.find((e) => e.name === r.name) ?? st.rules.find((e) => e.owner === 'AWS' && e.identifier === r.identifier);
    return {
      name: r.name,
      identifier: r.identifier,
      existingName: found?.name ?? null,
      compliance: found ? (st.compliance[found.name] ?? 'INSUFFICIENT_DATA') : null,
    };
  });
  return {
    region: st.region,
    recorderRunning: st.recorder?.recording ?? false,
    recorderName: st.recorder?.name ?? null,
    rules: statuses,
    missing: statuses.filter((s) => s.existingName === null).map((s) => s.name),
  };
}

/**
 * PutConfigRule for each missing managed rule, scoped to its SageMaker resource types. A region with
 * no configuration recorder is left out: Config refuses rules there (NoAvailableConfigurationRecorder).
 */
export function planConfigRules(rules: ConfigRuleData[], reports: ConfigRegionReport[], parameters: ConfigRuleSelection['parameters'] = {}): PutConfigRuleStep[] {
  return reports.filter((rep) => rep.recorderName !== null).flatMap((rep) =>
    rep.missing.map((name) => {
      const r = rules.find((x) => x.name === name);
      if (!r) throw new Error(`unknown rule ${name}`);
      return {
        region: rep.region,
        rule: {
          ConfigRuleName: r.name,
          Description: r.description,
          Source: { Owner: 'AWS' as const, SourceIdentifier: r.identifier },
          Scope: { ComplianceResourceTypes: r.resourceTypes },
          ...(parameters[r.name] ? { InputParameters: JSON.stringify(parameters[r.name]) } : {}),
          // Periodic managed rules need a frequency; once a day is the AWS default.
          ...(r.trigger === 'periodic' ? { MaximumExecutionFrequency: 'TwentyFour_Hours' as const } : {}),
        },
      };
    }),
  );
}
