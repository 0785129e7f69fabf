export { DEFAULTS, E164_PREFIX, loadConfig, parseCallerPrefixes, type Config } from './config.ts';
export { resolveEnv } from './env.ts';
