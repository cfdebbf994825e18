// Runs `prisma generate` offline. The native schema engine cannot be downloaded on these
// machines and generate does not need it, so point the CLI at /bin/true.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const cli = require.resolve('prisma/build/index.js');
execFileSync(process.execPath, [cli, 'generate'], {
  stdio: 'inherit',
  env: {
    ...process.env,
    // generators such as prisma-pothos-types are resolved on PATH
    PATH: `${path.resolve('node_modules/.bin')}${path.delimiter}${process.env.PATH}`, PRISMA_SCHEMA_ENGINE_BINARY: '/bin/true', PRISMA_HIDE_UPDATE_MESSAGE: '1' },
});
