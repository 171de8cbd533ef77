/**
 * Stateful fake of AWS Config for what prepare uses: per-region recorders, rules and their compliance.
 */
import { FakeAwsError, type FakeRequest, type ServiceModule } from '../types.js';

interface Rule {
  ConfigRuleName: string;
  ConfigRuleArn: string;
  ConfigRuleId: string;
  Description?: string;
  Source: { Owner: string; SourceIdentifier: string };
  Scope?: { ComplianceResourceTypes?: string[] };
  MaximumExecutionFrequency?: string;
  InputParameters?: string;
  ConfigRuleState: 'ACTIVE';
}

interface Region {
  recorder: { name: string; recording: boolean } | null;
  rules: Map<string, Rule>;
  compliance: Map<string, string>;
}

export interface ConfigFakeOptions {
  account?: string;
  /** Per region: the recorder (null: none) and rules already there (name -> managed identifier, compliance). */
  regions?: Record<string, { recorder?: { name: string; recording: boolean } | null; rules?: { name: string; identifier: string; compliance?: string }[] }>;
}

export interface ConfigFake extends ServiceModule {
  state: { regions: Map<string, Region> };
}

export function createConfigFake(o: ConfigFakeOptions = {}): ConfigFake {
  const account = o.account ?? '111122223333';
  const regions = new Map<string, Region>();
  let seq = 0;
  const rule = (region: string, name: string, identifier: string, extra: Partial<Rule> = {}): Rule => ({
    ConfigRuleName: name,
    ConfigRuleArn: `arn:aws:config:${region}:${account}:config-rule/config-rule-${String(++seq).padStart(6, '0')}`,
    ConfigRuleId: `config-rule-${String(seq).padStart(6, '0')}`,
    Source: { Owner: 'AWS', SourceIdentifier: identifier },
    ConfigRuleState: 'ACTIVE',
    ...extra,
  });
  for (const [name, r] of Object.entries(o.regions ?? {})) {
    const reg: Region = { recorder: r.recorder === undefined ? { name: 'default', recording: true } : r.recorder, rules: new Map(), compliance: new Map() };
    for (const x of r.rules ?? []) {
      reg.rules.set(x.name, rule(name, x.name, x.identifier));
      if (x.compliance) reg.compliance.set(x.name, x.compliance);
    }
    regions.set(name, reg);
  }
  const region = (req: FakeRequest): Region => {
    let r = regions.get(req.region);
    if (!r) {
      // A region nobody set up: no recorder, no rules.
      r = { recorder: null, rules: new Map(), compliance: new Map() };
      regions.set(req.region, r);
    }
    return r;
  };

  return {
    service: 'config',
    protocol: 'awsJson1_1',
    targetPrefix: 'StarlingDoveService',
    state: { regions },
    handlers: {
      DescribeConfigurationRecorderStatus: (req) => {
        const r = region(req);
        return {
          ConfigurationRecordersStatus: r.recorder
            ? [{ name: r.recorder.name, recording: r.recorder.recording, lastStatus: r.recorder.recording ? 'SUCCESS' : 'PENDING' }]
            : [],
        };
      },
      DescribeConfigRules: (req) => {
        const r = region(req);
        const names = req.input.ConfigRuleNames as string[] | undefined;
        if (names?.length) {
          const missing = names.find((n) => !r.rules.has(n));
          if (missing) throw new FakeAwsError('NoSuchConfigRuleException', `The ConfigRule '${missing}' provided in the request is invalid. Please check the configRule name.`);
          return { ConfigRules: names.map((n) => r.rules.get(n)) };
        }
        return { ConfigRules: [...r.rules.values()] };
      },
      DescribeComplianceByConfigRule: (req) => {
        const r = region(req);
        const names = (req.input.ConfigRuleNames as string[] | undefined) ?? [...r.rules.keys()];
        if (names.length > 25) throw new FakeAwsError('InvalidParameterValueException', 'ConfigRuleNames: at most 25');
        const missing = names.find((n) => !r.rules.has(n));
        if (missing) throw new FakeAwsError('NoSuchConfigRuleException', `The ConfigRule '${missing}' provided in the request is invalid.`);
        return {
          ComplianceByConfigRules: names.map((n) => ({ ConfigRuleName: n, Compliance: { ComplianceType: r.compliance.get(n) ?? 'INSUFFICIENT_DATA' } })),
        };
      },
      PutConfigRule: (req) => {
        const r = region(req);
        const input = req.input.ConfigRule as Partial<Rule> | undefined;
        if (!input?.ConfigRuleName || !input.Source?.SourceIdentifier) throw new FakeAwsError('InvalidParameterValueException', 'ConfigRule.ConfigRuleName and Source are required');
        if (input.InputParameters !== undefined) {
          // AWS Config takes the parameters as a JSON object of strings, and refuses anything else.
          let parsed: unknown;
          try {
            parsed = JSON.parse(String(input.InputParameters));
          } catch {
            parsed = null;
          }
          if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || Object.values(parsed).some((v) => typeof v !== 'string')) {
            throw new FakeAwsError('InvalidParameterValueException', 'Blank or invalid input parameters.');
          }
        }
        if (!r.recorder) {
          throw new FakeAwsError('NoAvailableConfigurationRecorderException', 'There are no configuration recorders available to provide the configuration. Create a configuration recorder first.');
        }
        const existing = r.rules.get(input.ConfigRuleName);
        const { ConfigRuleName, Source, ...rest } = input;
        r.rules.set(ConfigRuleName, existing ? { ...existing, ...rest, Source } : rule(req.region, ConfigRuleName, Source.SourceIdentifier, { ...rest, Source }));
        return {};
      },
    },
  };
}
