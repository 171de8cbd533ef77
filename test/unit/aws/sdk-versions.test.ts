import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// Clients at different versions pull different @aws-sdk/core and @smithy copies: a bigger install, and middleware
// (retries, the Node-version notice sm-ir silences) that may behave differently from one service to the next.
const manifest = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { dependencies: Record<string, string> };
const lock = JSON.parse(readFileSync(new URL('../../../package-lock.json', import.meta.url), 'utf8')) as { packages: Record<string, { version: string }> };
const clients = Object.entries(manifest.dependencies).filter(([name]) => name.startsWith('@aws-sdk/client-'));

describe('AWS SDK clients', () => {
  it('are all pinned to one exact version, and the lock file installs that version', () => {
    expect(clients.length).toBeGreaterThan(0);
    const versions = new Set(clients.map(([, range]) => range));
    expect([...versions], 'every @aws-sdk/client-* in package.json at one exact version').toHaveLength(1);
    const [version] = versions;
    expect(version).toMatch(/^\d+\.\d+\.\d+$/);
    for (const [name] of clients) expect(lock.packages[`node_modules/${name}`]?.version, name).toBe(version);
  });
});
