#!/usr/bin/env node
// Node 20's WASI (used by the embedded flite TTS) crashes at random with turbofan fast API calls;
// the flag must be set before any WASI instance is created.
import v8 from 'node:v8';
v8.setFlagsFromString('--no-turbo-fast-api-calls');
const { main } = await import('../dist/cli/main.js');
process.exitCode = await main(process.argv.slice(2));
