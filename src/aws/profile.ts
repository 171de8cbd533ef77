/**
 * The shared config and credentials files, read by the SDK's own loader (@smithy/core/config, the parser
 * every AWS SDK client uses), so sm-ir sees profiles exactly as the credential chain will.
 * A named profile that is in neither file makes the chain say only "Could not load credentials from
 * any providers": look the name up first so the message says which profile is missing and which exist.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../errors.js';

export function sharedFiles(env: NodeJS.ProcessEnv = process.env): { config: string; credentials: string } {
  const home = env.HOME || env.USERPROFILE || homedir();
  return {
    config: env.AWS_CONFIG_FILE || join(home, '.aws', 'config'),
    credentials: env.AWS_SHARED_CREDENTIALS_FILE || join(home, '.aws', 'credentials'),
  };
}

type Sections = Record<string, Record<string, string | undefined>>;

/** Both files' profiles; sections that are not profiles ([sso-session x], [services x]) are left out. */
async function loadProfiles(env: NodeJS.ProcessEnv): Promise<{ config: Sections; credentials: Sections }> {
  const files = sharedFiles(env);
  // Imported when a profile is looked up, not when options are declared: `sm-ir --help` loads no SDK code.
  const { loadSharedConfigFiles } = await import('@smithy/core/config');
  const { configFile, credentialsFile } = await loadSharedConfigFiles({ filepath: files.credentials, configFilepath: files.config, ignoreCache: true });
  const profilesOnly = (s: Sections): Sections => Object.fromEntries(Object.entries(s).filter(([name]) => !/^(sso-session|services)\./.test(name)));
  return { config: profilesOnly(configFile as Sections), credentials: profilesOnly(credentialsFile as Sections) };
}

/** Throws UsageError (before any AWS call) when `profile` is defined in neither shared file. */
export async function checkProfileExists(profile: string, flag: string, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const { config, credentials } = await loadProfiles(env);
  const known = [...new Set([...Object.keys(config), ...Object.keys(credentials)])].sort();
  if (known.includes(profile)) return;
  const files = sharedFiles(env);
  throw new UsageError(
    `${flag}: no profile named '${profile}' in ${files.config} or ${files.credentials}`,
    known.length > 0
      ? `profiles found: ${known.join(', ')}`
      : `no profiles found; create one with \`aws configure --profile ${profile}\` or \`aws configure sso\``,
  );
}

/** The `region` of a profile in the shared config file; undefined when the file, the profile or the key is missing. */
export async function profileRegion(profile: string, env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  const { config } = await loadProfiles(env);
  return config[profile]?.region || undefined;
}
