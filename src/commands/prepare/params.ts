import { z } from 'zod';
import { UsageError } from '../../errors.js';
import type { ScpsData } from '../../playbook/schema.js';
import type { ScpParams } from '../../core/prepare/render.js';
import { instanceTypePatternProblem, isCidr, sourceIpProblem } from '../../core/prepare/validate.js';
import { CONFIG_MAX_BYTES, readUserFile } from '../user-files.js';

export interface ScpSelection {
  params: ScpParams;
  only: string[] | undefined;
  except: string[] | undefined;
  /** Opt-in guardrails named with --guardrails. */
  optIn: string[] | undefined;
  /** --allow-broad: 0.0.0.0/0, ::/0 and match-all instance-type patterns are meant. */
  allowBroad: boolean;
}

/** What each parameter kind accepts; checked before any AWS call. */
const KINDS: Record<string, { pattern: RegExp; label: string; example: string }> = {
  'instance-type': { label: 'a SageMaker instance type', pattern: /^(ml\.[a-z0-9*?-]+\.[a-z0-9*?-]+|system)$/, example: 'for example ml.t3.medium (wildcards such as ml.m5.* are allowed)' },
  vpce: { label: 'a VPC endpoint id', pattern: /^vpce-[0-9a-f]{8,17}$/, example: 'a VPC endpoint id such as vpce-0a1b2c3d4e5f67890' },
  'role-arn': { label: 'an IAM role ARN', pattern: /^arn:aws[a-z-]*:iam::(\d{12}|\*):role\/[\w+=,.@/*?-]+$/, example: 'for example arn:aws:iam::111122223333:role/BreakGlass (wildcards allowed)' },
  'lifecycle-config-arn': {
    label: 'a notebook lifecycle configuration ARN',
    pattern: /^arn:aws[a-z-]*:sagemaker:[a-z0-9*-]+:(\d{12}|\*):notebook-instance-lifecycle-config\/[\w*?-]+$/,
    example: 'for example arn:aws:sagemaker:*:111122223333:notebook-instance-lifecycle-config/approved-*',
  },
};

const ConfigFile = z
  .object({
    'allowed-ip': z.array(z.string()).optional(),
    'allowed-instance-types': z.array(z.string()).optional(),
    'allowed-studio-instance-types': z.array(z.string()).optional(),
    'allowed-vpce': z.array(z.string()).optional(),
    'exempt-role': z.array(z.string()).optional(),
    'lifecycle-admin-roles': z.array(z.string()).optional(),
    'allowed-lifecycle-configs': z.array(z.string()).optional(),
    guardrails: z.array(z.string()).optional(),
    only: z.array(z.string()).optional(),
    except: z.array(z.string()).optional(),
  })
  .strict();

function readConfig(path: string): z.infer<typeof ConfigFile> {
  const text = readUserFile(path, '--config', CONFIG_MAX_BYTES, 'give the path of a JSON file of prepare\'s parameters');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`--config ${path}: not a JSON document (${e instanceof Error ? e.message : String(e)})`);
  }
  const parsed = ConfigFile.safeParse(raw);
  if (!parsed.success) {
    throw new UsageError(
      `--config ${path}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(top level)'}: ${i.message}`).join('; ')}`,
      'keys: the parameter flags without -- (allowed-ip, allowed-vpce, exempt-role, ...), guardrails, only, except (arrays of strings)',
    );
  }
  return parsed.data;
}

/** Flags (and --config) into validated parameters and selection: every value checked before any AWS call. */
export function resolveSelection(
  data: ScpsData,
  opts: {
    allowedIp?: string[]; allowedInstanceTypes?: string[]; allowedStudioInstanceTypes?: string[]; allowedVpce?: string[]; exemptRole?: string[];
    lifecycleAdminRoles?: string[]; allowedLifecycleConfigs?: string[]; guardrails?: string[]; allowBroad?: boolean;
    only?: string[]; except?: string[]; config?: string;
  },
): ScpSelection {
  const file = opts.config ? readConfig(opts.config) : {};
  const pick = (flag: string[] | undefined, fromFile: string[] | undefined) => (flag?.length ? flag : fromFile);
  const params: ScpParams = {
    'allowed-ip': pick(opts.allowedIp, file['allowed-ip']),
    'allowed-instance-types': pick(opts.allowedInstanceTypes, file['allowed-instance-types']),
    'allowed-studio-instance-types': pick(opts.allowedStudioInstanceTypes, file['allowed-studio-instance-types']),
    'allowed-vpce': pick(opts.allowedVpce, file['allowed-vpce']),
    'exempt-role': pick(opts.exemptRole, file['exempt-role']),
    'lifecycle-admin-roles': pick(opts.lifecycleAdminRoles, file['lifecycle-admin-roles']),
    'allowed-lifecycle-configs': pick(opts.allowedLifecycleConfigs, file['allowed-lifecycle-configs']),
  };
  for (const decl of data.parameters) {
    for (const v of params[decl.id] ?? []) {
      if (decl.kind === 'cidr') {
        if (!isCidr(v)) throw new UsageError(`${decl.flag}: '${v}' is not a CIDR`, 'for example 203.0.113.0/24 or 2001:db8::/32');
        const problem = sourceIpProblem(v, opts.allowBroad);
        if (problem) throw new UsageError(`${decl.flag}: ${problem}`);
        continue;
      }
      const kind = KINDS[decl.kind];
      if (kind && !kind.pattern.test(v)) throw new UsageError(`${decl.flag}: '${v}' is not ${kind.label}`, kind.example);
      if (decl.kind === 'instance-type') {
        const problem = instanceTypePatternProblem(v, opts.allowBroad);
        if (problem) throw new UsageError(`${decl.flag}: ${problem}`);
      }
    }
  }
  const optIn = pick(opts.guardrails, file.guardrails);
  const optional = data.statements.filter((s) => s.optIn).map((s) => s.id);
  for (const g of optIn ?? []) {
    if (!optional.includes(g)) throw new UsageError(`--guardrails: '${g}' is not an opt-in guardrail`, `opt-in: ${optional.join(', ')}`);
  }
  const only = pick(opts.only, file.only);
  const except = pick(opts.except, file.except);
  const statementOf = (i: string) => data.statements.find((s) => s.id === i || s.sid.toLowerCase() === i.toLowerCase());
  for (const [flag, ids] of [['--only', only], ['--except', except]] as const) {
    for (const i of ids ?? []) {
      if (!statementOf(i)) throw new UsageError(`${flag}: unknown statement '${i}'`, `known: ${data.statements.map((s) => s.id).join(', ')}`);
    }
  }
  // The same statement both in and out is a contradiction, not "nothing to deploy".
  const excluded = new Set((except ?? []).map((i) => statementOf(i)?.id));
  const both = (only ?? []).filter((i) => excluded.has(statementOf(i)?.id));
  if (both.length > 0) throw new UsageError(`--only and --except both name ${both.join(', ')}`, 'name each statement in one of them');
  return { params, only, except, optIn, allowBroad: opts.allowBroad ?? false };
}
