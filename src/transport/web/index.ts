import type { Route } from '../http-server.ts';
import { demoPasskeyRoutes, type DemoPasskeyOptions } from './demo-passkeys.ts';
import { PUBLIC_DIR, staticRoutes } from './static-files.ts';

/**
 * The demo web client (docs/web-client.md): the static files of `public/` and the demo passkey
 * routes its sign-in uses. Both belong to the sandbox: a server with a bank key configured serves
 * neither, as it serves no demo tokens.
 */
export { DEMO_PASSKEY_DEFAULTS, demoPasskeyRoutes, type DemoPasskeyOptions } from './demo-passkeys.ts';
export { PUBLIC_DIR, staticRoutes } from './static-files.ts';

/** Options for {@link webRoutes}. */
export interface WebRoutesOptions extends DemoPasskeyOptions {
  /** True when the server runs without a bank key (demo tokens exist); otherwise no routes are added. */
  readonly sandbox: boolean;
  /** Where the client's files are; `public/` of the package by default. */
  readonly publicDir?: string;
}

/** The web client's routes, to spread into the server's route map. */
export function webRoutes(options: WebRoutesOptions): Record<string, Route> {
  if (!options.sandbox) return {};
  return { ...staticRoutes(options.publicDir ?? PUBLIC_DIR), ...demoPasskeyRoutes(options) };
}
