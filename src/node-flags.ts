import { readFileSync } from 'node:fs';

/**
 * The node flags `npm start` runs wxcast with (`config.nodeFlags` in package.json, which the
 * start script reads as `$npm_package_config_nodeFlags`), for processes that stand for it: the
 * tests' spawned processes and the send bench's worker.
 */
export function startNodeFlags(): string[] {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { config?: { nodeFlags?: string } };
  return manifest.config?.nodeFlags?.split(/\s+/).filter(Boolean) ?? [];
}
