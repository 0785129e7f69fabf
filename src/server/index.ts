export { startServer, type RunningServer } from './start.ts';
export { loadWorldSpec, openSandbox } from './sandbox.ts';
