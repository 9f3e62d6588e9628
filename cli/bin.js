#!/usr/bin/env node
// The `pvsync` command of package.json: runs cli/main.ts through tsx (the project has no build step).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
process.exit(await main(process.argv));
