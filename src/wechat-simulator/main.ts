import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createSimulator } from '#src/wechat-simulator/server.ts';
import type { SeedSpec } from '#src/wechat-simulator/seed.ts';

/**
 * Standalone simulator: `npm run simulator -- --port 4100 [--host 0.0.0.0] [--seed demo|file.json]
 * [--callback-url URL] [--frozen] [--clock 2025-01-01T02:00:00Z]`.
 */
async function main() {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '4100' },
      host: { type: 'string', default: '127.0.0.1' },
      seed: { type: 'string' },
      'callback-url': { type: 'string' },
      frozen: { type: 'boolean', default: false },
      clock: { type: 'string' },
    },
  });
  let seed: SeedSpec | 'demo' | undefined;
  if (values.seed === 'demo') seed = 'demo';
  else if (values.seed) seed = JSON.parse(readFileSync(values.seed, 'utf8')) as SeedSpec;
  const simulator = await createSimulator({
    port: Number(values.port),
    host: values.host,
    seed,
    frozen: values.frozen,
    clockStart: values.clock ? new Date(values.clock) : undefined,
  });
  if (values['callback-url']) simulator.setCallbackUrl(values['callback-url']);
  console.log(`WeChat simulator listening on ${simulator.url} (control surface: ${simulator.url}/_sim/)`);
  for (const account of simulator.accounts()) {
    console.log(`  ${account.type} ${account.appId} "${account.name}" (secret ${account.secret}) — ${account.followers} followers, ${account.materials} materials, ${account.cards} cards`);
  }
  const stop = () => void simulator.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
