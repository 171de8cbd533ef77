/** Thin AWS Config adapter for prepare: one region at a time, read into plain data; PutConfigRule audited. */
import {
  DescribeComplianceByConfigRuleCommand,
  DescribeConfigRulesCommand,
  DescribeConfigurationRecorderStatusCommand,
  PutConfigRuleCommand,
  type ConfigServiceClient,
} from '@aws-sdk/client-config-service';
import { explainAwsError } from '../../aws/errors.js';
import type { ChangeStep } from '../../core/change/engine.js';
import type { SmIrError } from '../../errors.js';
import type { ConfigRegionState, PutConfigRuleStep } from '../../core/prepare/config-rules.js';

async function call<T>(operation: string, region: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw explainAwsError(e, 'config', operation, `config:${operation}`, region);
  }
}

export async function readConfigRegion(client: ConfigServiceClient, region: string): Promise<ConfigRegionState> {
  const rec = await call('DescribeConfigurationRecorderStatus', region, () =>
    client.send(new DescribeConfigurationRecorderStatusCommand({})),
  );
  const first = rec.ConfigurationRecordersStatus?.[0];
  const state: ConfigRegionState = {
    region,
    recorder: first ? { name: first.name ?? 'default', recording: first.recording ?? false, lastStatus: first.lastStatus ?? null } : null,
    rules: [],
    compliance: {},
  };
  let token: string | undefined;
  do {
    const page = await call('DescribeConfigRules', region, () => client.send(new DescribeConfigRulesCommand({ NextToken: token })));
    for (const r of page.ConfigRules ?? []) {
      if (r.ConfigRuleName) state.rules.push({ name: r.ConfigRuleName, owner: r.Source?.Owner ?? '', identifier: r.Source?.SourceIdentifier ?? '' });
    }
    token = page.NextToken;
  } while (token);
  // DescribeComplianceByConfigRule takes at most 25 names per call.
  const names = state.rules.map((r) => r.name);
  for (let i = 0; i < names.length; i += 25) {
    const batch = names.slice(i, i + 25);
    let t: string | undefined;
    do {
      const page = await call('DescribeComplianceByConfigRule', region, () =>
        client.send(new DescribeComplianceByConfigRuleCommand({ ConfigRuleNames: batch, NextToken: t })),
      );
      for (const c of page.ComplianceByConfigRules ?? []) {
        if (c.ConfigRuleName) state.compliance[c.ConfigRuleName] = c.Compliance?.ComplianceType ?? 'INSUFFICIENT_DATA';
      }
      t = page.NextToken;
    } while (t);
  }
  return state;
}

/** `client` is audited (auditedClient): the call is in the log. */
export async function putConfigRule(client: ConfigServiceClient, step: PutConfigRuleStep): Promise<void> {
  try {
    await client.send(new PutConfigRuleCommand({ ConfigRule: step.rule }));
  } catch (e) {
    throw explainAwsError(e, 'config', 'PutConfigRule', 'config:PutConfigRule', step.region);
  }
}

/** The Config rules as the change engine's steps, one PutConfigRule each; a failure stops the run, saying how far it got. */
export function configRuleSteps(clients: Map<string, ConfigServiceClient>, steps: PutConfigRuleStep[]): ChangeStep[] {
  return steps.map((step, done) => ({
    label: `PutConfigRule ${step.rule.ConfigRuleName} (${step.region})`,
    apply: async () => {
      const client = clients.get(step.region);
      if (!client) return;
      await putConfigRule(client, step).catch((e: SmIrError) => {
        e.message = `${e.message} (after ${done} of ${steps.length} change(s); fix the cause and re-run: only the missing rules are created)`;
        throw e;
      });
    },
  }));
}
