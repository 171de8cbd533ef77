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
    MaximumExecutionFrequency?: 'TwentyFour_Hours';
  };
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
export function planConfigRules(rules: ConfigRuleData[], reports: ConfigRegionReport[]): PutConfigRuleStep[] {
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
          // Periodic managed rules need a frequency; once a day is the AWS default.
          ...(r.trigger === 'periodic' ? { MaximumExecutionFrequency: 'TwentyFour_Hours' as const } : {}),
        },
      };
    }),
  );
}
