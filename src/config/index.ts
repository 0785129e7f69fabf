export { DEFAULTS, loadConfig, type Config } from './config.ts';
export { resolveEnv } from './env.ts';
