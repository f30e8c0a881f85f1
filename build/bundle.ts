/** The esbuild options the three bundles (client, server, sw) share. */
import { join } from 'node:path'
import type { BuildOptions, Plugin } from 'esbuild'
import type { ResolvedConfig } from './config.ts'
import { swerveRoot } from './paths.ts'
import { virtualPlugin, type Target, type VirtualContext } from './virtual.ts'
import { vuePlugin } from './vue.ts'

const PUBLIC_ENTRIES: Record<string, string> = {
  'swerve/server': 'runtime/server/index.ts',
  'swerve/app': 'runtime/app/index.ts',
  'swerve/config': 'runtime/config.ts',
}

/** Packages bundled once: the app's copy when it has one, else swerve's own. */
const SHARED = /^(vue|vue-router|h3|@unhead\/vue|unhead|@vue\/[^/]+|devalue|hookable|idb-keyval|unstorage)(\/.*)?$/

function resolvePlugin(config: ResolvedConfig): Plugin {
  return {
    name: 'swerve:resolve',
    setup(build) {
      build.onResolve({ filter: /^swerve\// }, (args) => {
        const entry = PUBLIC_ENTRIES[args.path]
        if (!entry) return { errors: [{ text: `"${args.path}" is not a swerve entry. Use swerve/server, swerve/app or swerve/config.` }] }
        return { path: join(swerveRoot, entry) }
      })
      build.onResolve({ filter: SHARED }, async (args) => {
        if (args.pluginData?.swerveShared) return undefined
        const pluginData = { swerveShared: true }
        const fromApp = await build.resolve(args.path, { kind: args.kind, resolveDir: config.root, pluginData })
        if (!fromApp.errors.length) return fromApp
        return build.resolve(args.path, { kind: args.kind, resolveDir: swerveRoot, pluginData })
      })
    },
  }
}

export function defineFlags(config: ResolvedConfig, target: Target): Record<string, string> {
  return {
    'import.meta.server': String(target !== 'client'),
    'import.meta.client': String(target === 'client'),
    'import.meta.dev': String(config.dev),
    'import.meta.sw': String(target === 'sw'),
    'process.env.NODE_ENV': config.dev ? '"development"' : '"production"',
    __VUE_OPTIONS_API__: 'true',
    __VUE_PROD_DEVTOOLS__: 'false',
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
  }
}

export function createBuildOptions(ctx: VirtualContext, target: Target, extraPlugins: Plugin[] = []): BuildOptions {
  const { config } = ctx
  return {
    absWorkingDir: config.root,
    bundle: true,
    minify: !config.dev,
    sourcemap: config.dev ? 'inline' : false,
    legalComments: 'none',
    logLevel: 'silent',
    target: target === 'server' ? 'node20' : 'es2022',
    platform: target === 'server' ? 'node' : 'browser',
    conditions: target === 'sw' ? ['worker', 'browser'] : target === 'client' ? ['browser'] : ['node'],
    define: defineFlags(config, target),
    plugins: [
      resolvePlugin(config),
      virtualPlugin(ctx, target),
      vuePlugin({ root: config.root, ssr: target !== 'client', dev: config.dev, hmr: config.dev && target === 'client' }),
      ...extraPlugins,
    ],
    metafile: true,
    write: true,
  }
}
