/** Per-run template databases: `wxcast_tpl_<run id>` (run id = base-36 start time + pid). */
export const TEMPLATE_PREFIX = 'wxcast_tpl_';

/** Per-file test databases: `wxcast_test_<run id>_<random>`. */
export const TEST_DATABASE_PREFIX = 'wxcast_test_';

/** `serverUrl` with its database replaced by `database`. */
export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

/** The start time and pid of the run a template or test database belongs to. */
export function runOf(database: string): { startedAt: number; pid: number } | undefined {
  const match = /^wxcast_(?:tpl|test)_([0-9a-z]+)_(\d+)(?:_|$)/.exec(database);
  return match ? { startedAt: parseInt(match[1]!, 36), pid: Number(match[2]) } : undefined;
}
