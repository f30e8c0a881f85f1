/**
 * Hosts as presets. A build always writes the client and the worker (`sw`);
 * `--preset` picks the server it writes beside them. Each preset names its
 * runtime entries (in presets/: each hands `createAppServer` what only its host has) and
 * the target they run on.
 */
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { ResolvedConfig } from './config.ts'
import type { PresetName, TargetName } from './targets.ts'

export interface BundleSpec {
  /** Runtime entry, relative to the swerve package. */
  entry: string
  /** Output file, relative to `.output`. */
  outfile: string
  target: TargetName
  format: 'esm' | 'iife'
  /** Carries none of the app's code (the worker host): its imports say nothing of the app's. */
  hostOnly?: boolean
  /** Imports `#swerve/server-app` as the sibling `./app.mjs` instead of bundling it again. */
  appExternal?: boolean
}

export interface Preset {
  description: string
  /**
   * Whether the build has an origin server beside its static files: one that answers
   * `worker: false` routes, the sync route and `*.origin.ts` code. A static host has none.
   */
  origin: boolean
  bundles: (config: ResolvedConfig) => BundleSpec[]
  /** Writes what the platform needs beside the bundles. */
  finish?: (config: ResolvedConfig) => Promise<void>
}

/** Whether this build has an origin to call: `swerve dev` serves one, and so does every preset but `static`. */
export const hasOrigin = (config: ResolvedConfig) => config.dev || presets[config.preset].origin

export const NODE_APP: BundleSpec = { entry: 'presets/node/app', outfile: 'server/app.mjs', target: 'node', format: 'esm' }

export const presets: Record<'sw' | PresetName, Preset> = {
  sw: {
    description: 'the service worker (always built): the app on IndexedDB in the visitor\'s browser',
    origin: false,
    // The host (sw.js) and the app's server it imports when a request first needs it.
    bundles: config => config.selfDestroy
      ? [{ entry: 'sw/self-destroy', outfile: 'public/sw.js', target: 'sw', format: 'iife', hostOnly: true }]
      : [
          { entry: 'presets/sw/entry', outfile: 'public/sw.js', target: 'sw', format: 'iife', hostOnly: true },
          { entry: 'presets/sw/pipeline', outfile: 'public/sw-pipeline.js', target: 'sw', format: 'iife' },
        ],
  },
  node: {
    description: 'a standalone Node server (server/index.mjs) and the app for Node callers (server/app.mjs)',
    origin: true,
    bundles: () => [NODE_APP, { entry: 'presets/node/server', outfile: 'server/index.mjs', target: 'node', format: 'esm', appExternal: true }],
  },
  cloudflare: {
    description: 'a Cloudflare module worker (server/index.mjs), storage on KV, public/ as static assets',
    origin: true,
    bundles: () => [{ entry: 'presets/cloudflare/entry', outfile: 'server/index.mjs', target: 'cloudflare', format: 'esm' }],
    finish: config => writeFile(join(config.outDir, 'wrangler.json'), `${JSON.stringify({
      name: 'swerve-app',
      main: 'server/index.mjs',
      compatibility_date: '2025-09-01',
      assets: { directory: 'public', binding: 'ASSETS' },
      kv_namespaces: [{ binding: 'STORAGE', id: 'set-your-kv-namespace-id' }],
      ...d1Databases(config),
    }, null, 2)}\n`),
  },
  static: {
    description: 'no server: public/ for any static host, the worker serves the app',
    origin: false,
    bundles: () => [],
  },
}

/** The D1 databases swerve.config's bases are on, for wrangler.json (their ids are the app's to fill in). */
function d1Databases(config: ResolvedConfig): { d1_databases?: { binding: string, database_name: string, database_id: string }[] } {
  const bindings = [...new Set(Object.values(config.storage).filter(mount => mount.driver === 'db0' && mount.connector === 'cloudflare-d1').map(mount => String(mount.bindingName)))]
  return bindings.length ? { d1_databases: bindings.map(binding => ({ binding, database_name: binding.toLowerCase(), database_id: `set-your-d1-database-id` })) } : {}
}
