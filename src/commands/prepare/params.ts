import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { UsageError } from '../../errors.js';
import type { ScpsData } from '../../playbook/schema.js';
import type { ScpParams } from '../../core/prepare/render.js';
import { isCidr } from '../../core/prepare/validate.js';

export interface ScpSelection {
  params: ScpParams;
  only: string[] | undefined;
  except: string[] | undefined;
}

const INSTANCE_TYPE = /^(ml\.[a-z0-9*?-]+\.[a-z0-9*?-]+|system)$/;

const ConfigFile = z
  .object({
    'allowed-ip': z.array(z.string()).optional(),
    'allowed-instance-types': z.array(z.string()).optional(),
    'allowed-studio-instance-types': z.array(z.string()).optional(),
    only: z.array(z.string()).optional(),
    except: z.array(z.string()).optional(),
  })
  .strict();

function readConfig(path: string): z.infer<typeof ConfigFile> {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new UsageError(`--config ${path}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const parsed = ConfigFile.safeParse(raw);
  if (!parsed.success) {
    throw new UsageError(
      `--config ${path}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(top level)'}: ${i.message}`).join('; ')}`,
      'keys: allowed-ip, allowed-instance-types, allowed-studio-instance-types, only, except (arrays of strings)',
    );
  }
  return parsed.data;
}

/** Flags (and --config) into validated parameters and selection: every value checked before any AWS call. */
export function resolveSelection(
  data: ScpsData,
  opts: { allowedIp?: string[]; allowedInstanceTypes?: string[]; allowedStudioInstanceTypes?: string[]; only?: string[]; except?: string[]; config?: string },
): ScpSelection {
  const file = opts.config ? readConfig(opts.config) : {};
  const pick = (flag: string[] | undefined, fromFile: string[] | undefined) => (flag?.length ? flag : fromFile);
  const params: ScpParams = {
    'allowed-ip': pick(opts.allowedIp, file['allowed-ip']),
    'allowed-instance-types': pick(opts.allowedInstanceTypes, file['allowed-instance-types']),
    'allowed-studio-instance-types': pick(opts.allowedStudioInstanceTypes, file['allowed-studio-instance-types']),
  };
  for (const decl of data.parameters) {
    for (const v of params[decl.id] ?? []) {
      if (decl.kind === 'cidr' && !isCidr(v)) {
        throw new UsageError(`${decl.flag}: '${v}' is not a CIDR`, 'for example 203.0.113.0/24 or 2001:db8::/32');
      }
      if (decl.kind === 'instance-type' && !INSTANCE_TYPE.test(v)) {
        throw new UsageError(`${decl.flag}: '${v}' is not a SageMaker instance type`, 'for example ml.t3.medium (wildcards such as ml.m5.* are allowed)');
      }
    }
  }
  const only = pick(opts.only, file.only);
  const except = pick(opts.except, file.except);
  const known = data.statements.flatMap((s) => [s.id, s.sid.toLowerCase()]);
  for (const [flag, ids] of [['--only', only], ['--except', except]] as const) {
    for (const i of ids ?? []) {
      if (!known.includes(i) && !known.includes(i.toLowerCase())) {
        throw new UsageError(`${flag}: unknown statement '${i}'`, `known: ${data.statements.map((s) => s.id).join(', ')}`);
      }
    }
  }
  return { params, only, except };
}
