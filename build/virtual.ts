/**
 * Generated modules: how the build hands its decisions to the runtime.
 * Each has a typed stub in `runtime/virtual/` for tsc and unit tests.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Plugin } from 'esbuild'
import type { AppScan } from './scan.ts'
import type { ResolvedConfig } from './config.ts'

export type Target = 'client' | 'server' | 'sw'

export interface VirtualContext {
  scan: AppScan
  config: ResolvedConfig
  /** Client build output (server and sw targets). */
  clientAssets?: unknown
  /** workbox precache manifest (sw target). */
  precache?: unknown
}

const json = (value: unknown) => JSON.stringify(value)

function generateApp(ctx: VirtualContext, target: Target): string {
  const { scan, config } = ctx
  const abs = (file: string) => json(join(scan.root, file))
  const lines: string[] = []
  lines.push(scan.appVue ? `import App from ${abs(scan.appVue)}` : 'const App = undefined')
  lines.push(scan.errorVue ? `import ErrorPage from ${abs(scan.errorVue)}` : 'const ErrorPage = undefined')
  const plugins = scan.plugins.filter(p => p.mode === 'both' || (p.mode === 'client') === (target === 'client'))
  plugins.forEach((p, i) => lines.push(`import plugin${i} from ${abs(p.file)}`))
  const globals = scan.middleware.filter(m => m.global)
  globals.forEach((m, i) => lines.push(`import middleware${i} from ${abs(m.file)}`))
  lines.push(
    'export { App, ErrorPage }',
    ...scan.pages.map((page, i) => `const page${i} = () => import(${abs(page.file)})`),
    `export const routes = [\n${scan.pages.map((page, i) => `  { path: ${json(page.path)}, name: ${json(page.name)}, meta: { file: ${json(page.file)}, load: page${i} }, component: page${i} }`).join(',\n')}\n]`,
    `export const plugins = [${plugins.map((p, i) => `{ name: ${json(p.name)}, plugin: plugin${i} }`).join(', ')}]`,
    `export const globalMiddleware = [${globals.map((m, i) => `{ name: ${json(m.name)}, handler: middleware${i} }`).join(', ')}]`,
    `export const namedMiddleware = {\n${scan.middleware.filter(m => !m.global).map(m => `  ${json(m.name)}: () => import(${abs(m.file)}).then(m => m.default)`).join(',\n')}\n}`,
    `export const appConfig = ${json({
      base: config.base,
      head: config.app.head,
      // The client learns the build from the payload: keeping it out of the bundle keeps
      // unchanged files byte-identical across builds, so updates fetch only what changed.
      buildId: target === 'client' ? '' : config.buildId,
      public: config.runtimeConfig.public ?? {},
      sw: { updates: config.sw.updates, enabled: !config.dev || config.devSw },
      manifest: config.manifest ? { themeColor: config.manifest.theme_color } : false,
    })}`,
  )
  return lines.join('\n')
}

function generateServer(ctx: VirtualContext): string {
  const { scan, config } = ctx
  const abs = (file: string) => json(join(scan.root, file))
  const lines: string[] = []
  scan.serverPlugins.forEach((file, i) => lines.push(`import plugin${i} from ${abs(file)}`))
  scan.serverMiddleware.forEach((file, i) => lines.push(`import middleware${i} from ${abs(file)}`))
  const assets = Object.fromEntries(scan.serverAssets.map(file => [file.slice('server/assets/'.length), readFileSync(join(scan.root, file), 'utf8')]))
  lines.push(
    `export const plugins = [${scan.serverPlugins.map((file, i) => `{ name: ${json(file)}, plugin: plugin${i} }`).join(', ')}]`,
    `export const middleware = [${scan.serverMiddleware.map((file, i) => `{ name: ${json(file)}, handler: middleware${i} }`).join(', ')}]`,
    `export const routes = [\n${scan.serverRoutes.map(r => `  { route: ${json(r.route)}, method: ${json(r.method)}, file: ${json(r.file)}, handler: () => import(${abs(r.file)}).then(m => m.default) }`).join(',\n')}\n]`,
    `export const serverConfig = ${json({ base: config.base, dev: config.dev, bodyLimit: config.server.bodyLimit, runtimeConfig: config.runtimeConfig })}`,
    `export const serverAssets = ${json(assets)}`,
  )
  return lines.join('\n')
}

export function virtualPlugin(ctx: VirtualContext, target: Target): Plugin {
  const generators: Record<string, () => string> = {
    app: () => generateApp(ctx, target),
    server: () => generateServer(ctx),
    'client-assets': () => `export default ${json(ctx.clientAssets ?? { entry: '', css: [], pages: {} })}`,
    precache: () => `export default ${json(ctx.precache ?? { entries: [], version: '' })}`,
  }
  return {
    name: 'swerve:virtual',
    setup(build) {
      build.onResolve({ filter: /^#swerve\/virtual\// }, args => ({ path: args.path.slice('#swerve/virtual/'.length), namespace: 'swerve-virtual' }))
      build.onLoad({ filter: /.*/, namespace: 'swerve-virtual' }, (args) => {
        const generate = generators[args.path]
        if (!generate) return { errors: [{ text: `Unknown virtual module #swerve/virtual/${args.path}` }] }
        return { contents: generate(), loader: 'js', resolveDir: ctx.scan.root }
      })
    },
  }
}
