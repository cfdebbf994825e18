#!/usr/bin/env node
// The `wxcast` command. wxcast runs its TypeScript through tsx (no build step), so the bin
// registers tsx's loader and hands over to the CLI.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
