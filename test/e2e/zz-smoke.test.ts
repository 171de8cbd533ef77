import { it } from 'vitest';
import { startWorld, contain, writeCalls } from './contain-fake.js';
it('smoke', async () => {
  const w = await startWorld();
  const r = await contain(w, ['--from-findings', '/tmp/cont-findings.json', '--dry-run']);
  console.log(r.code, r.stdout, r.stderr);
  console.log(writeCalls(w), w.fake.stats.calls.map(c=>c.operation+':'+c.outcome).join(' '));
  await w.fake.close();
}, 30000);
