import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkProfileExists } from '../../../src/aws/profile.js';
import { UsageError } from '../../../src/errors.js';

describe('checkProfileExists', () => {
  const dir = mkdtempSync(join(tmpdir(), 'smir-profile-'));
  const env = { AWS_CONFIG_FILE: join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials') };
  writeFileSync(env.AWS_CONFIG_FILE, '[default]\nregion = eu-west-1\n[profile ir-sso]\nsso_session = corp\n[sso-session corp]\nsso_region = eu-west-1\n');
  writeFileSync(env.AWS_SHARED_CREDENTIALS_FILE, '[ir-keys]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\n');

  it('accepts profiles from either file ([profile x] in config, [x] in credentials)', async () => {
    for (const p of ['default', 'ir-sso', 'ir-keys']) await expect(checkProfileExists(p, '--profile', env)).resolves.toBeUndefined();
  });

  it('names the missing profile, the files read and the profiles found', async () => {
    const err = (await checkProfileExists('corp', '--profile', env).catch((e: unknown) => e)) as UsageError;
    expect(err).toBeInstanceOf(UsageError);
    expect(err.message).toBe(`--profile: no profile named 'corp' in ${env.AWS_CONFIG_FILE} or ${env.AWS_SHARED_CREDENTIALS_FILE}`);
    expect(err.hint).toBe('profiles found: default, ir-keys, ir-sso');
  });

  it('without shared files, says how to create the profile', async () => {
    const none = { AWS_CONFIG_FILE: join(dir, 'missing-config'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'missing-credentials') };
    await expect(checkProfileExists('ir', 'AWS_PROFILE', none)).rejects.toMatchObject({
      message: expect.stringMatching(/^AWS_PROFILE: no profile named 'ir'/),
      hint: expect.stringContaining('aws configure --profile ir'),
    });
  });
});
