import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Node 20's WASI (embedded flite TTS) crashes at random with turbofan fast API calls; bin/teller.js
    // sets the same flag for the app.
    execArgv: ['--no-turbo-fast-api-calls'],
  },
});
