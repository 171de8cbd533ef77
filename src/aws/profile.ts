/**
 * A named profile that is in neither shared file makes the SDK's chain say only "Could not load
 * credentials from any providers". Look the name up first (the files the SDK reads, in the same
 * order of precedence) so the message says which profile is missing and which ones exist.
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../errors.js';

/** Section names of an ini file; `[profile x]` in the config file is profile x. */
async function profilesIn(file: string, isConfig: boolean): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return [];
  }
  const names: string[] = [];
  for (const m of text.matchAll(/^\s*\[\s*([^\]]+?)\s*\]/gm)) {
    const section = m[1] as string;
    if (!isConfig) names.push(section);
    else if (section === 'default') names.push(section);
    else if (section.startsWith('profile ')) names.push(section.slice('profile '.length).trim());
  }
  return names;
}

export function sharedFiles(env: NodeJS.ProcessEnv = process.env): { config: string; credentials: string } {
  const home = env.HOME || env.USERPROFILE || homedir();
  return {
    config: env.AWS_CONFIG_FILE || join(home, '.aws', 'config'),
    credentials: env.AWS_SHARED_CREDENTIALS_FILE || join(home, '.aws', 'credentials'),
  };
}

/** Throws UsageError (before any AWS call) when `profile` is defined in neither shared file. */
export async function checkProfileExists(profile: string, flag: string, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const { config, credentials } = sharedFiles(env);
  const known = [...new Set([...(await profilesIn(config, true)), ...(await profilesIn(credentials, false))])].sort();
  if (known.includes(profile)) return;
  throw new UsageError(
    `${flag}: no profile named '${profile}' in ${config} or ${credentials}`,
    known.length > 0
      ? `profiles found: ${known.join(', ')}`
      : `no profiles found; create one with \`aws configure --profile ${profile}\` or \`aws configure sso\``,
  );
}

/**
 * The `region` of a profile in the shared config file (`[default]` or `[profile NAME]`), as the SDK and
 * the AWS CLI read it; undefined when the file, the profile or the key is missing. Synchronous: one
 * small file, read once per run when no --region or AWS_REGION says otherwise.
 */
export function profileRegion(profile: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  let text: string;
  try {
    text = readFileSync(sharedFiles(env).config, 'utf8');
  } catch {
    return undefined;
  }
  const wanted = profile === 'default' ? ['default', 'profile default'] : [`profile ${profile}`];
  let inSection = false;
  let region: string | undefined;
  for (const line of text.split(/\r?\n/)) {
    const header = /^\s*\[\s*([^\]]+?)\s*\]/.exec(line);
    if (header) {
      inSection = wanted.includes((header[1] as string).replace(/\s+/g, ' '));
      continue;
    }
    const kv = inSection ? /^\s*region\s*=\s*([^\s#;]+)/.exec(line) : null;
    if (kv) region = kv[1];
  }
  return region;
}
