#!/usr/bin/env node
// The CLI runs the same TypeScript engine code as the browser worker; tsx compiles it on the fly.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
