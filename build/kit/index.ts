/**
 * The kit host (docs/modules.md): loaded only for an app with Nuxt modules. It installs them
 * with the real `@nuxt/kit` into a Nuxt-shaped object and hands swerve's build what they
 * registered, as a `KitResult` that build/scan.ts, build/imports.ts and build/bundle.ts read.
 */
import { join, relative } from 'node:path'
import { uneval } from 'devalue'
import { mkdir, writeFile } from 'node:fs/promises'
import type { Component, NuxtPage } from '@nuxt/schema'
import type { LayerDirs } from '../scan.ts'
import type { ComponentFile } from './result.ts'
import type { PageRoute } from '../routes.ts'
import type { KitResult } from './result.ts'
import { scanApp } from '../scan.ts'
import { toPageTree, type PageNode } from '../page-tree.ts'
import { createNuxt, loadOptions, localImporter, nitroOf, type ImportDefault } from './host.ts'
import { addLocalDependencies, assertRunnable, resolveModules } from './modules.ts'
import { installAndCollect } from './install.ts'
import { compileVirtual, writeTemplates } from './templates.ts'
import { toSwerve } from './results.ts'
import { boundModuleFetch } from './network.ts'

export type { KitResult } from './result.ts'


/**
 * The app's pages as Nuxt hands them to `pages:extend`: a tree, children's paths relative. Each
 * is remembered with its scanned page, so that what modules left, moved or added is known after.
 */
function toNuxtPages(root: string, nodes: PageNode[], scanned: Map<NuxtPage, PageRoute>): NuxtPage[] {
  return nodes.map((node) => {
    const page: NuxtPage = { name: node.name, path: node.path, file: join(root, node.page.file), children: toNuxtPages(root, node.children, scanned) }
    scanned.set(page, node.page)
    return page
  })
}
const toNuxtComponent = (root: string) => (c: ComponentFile): Component => ({ pascalName: c.name, kebabName: c.name, filePath: join(root, c.file), export: 'default', chunkName: c.name, prefetch: false, preload: false, shortPath: c.file }) as Component

/** Installs the app's modules; undefined when it has none. Their requests are bounded (./network.ts). */
export function runModules(root: string, layers: LayerDirs[], dev: boolean, importDefault: ImportDefault): Promise<KitResult | undefined> {
  return boundModuleFetch(() => installModules(root, layers, dev, importDefault))
}

async function installModules(root: string, layers: LayerDirs[], dev: boolean, importDefault: ImportDefault): Promise<KitResult | undefined> {
  const importLocal = localImporter(root, importDefault)
  const options = await loadOptions(root, dev, importLocal)
  const entries = await resolveModules(options, importLocal)
  if (!entries.length) return undefined
  assertRunnable(entries)
  const head = JSON.parse(JSON.stringify(options.app.head ?? {}))
  const rootAttrs = { ...options.app.rootAttrs }
  const alias = { ...options.alias }
  const nuxt = createNuxt(options)
  await addLocalDependencies(entries, nuxt, importLocal)
  const scan = scanApp(root, layers)
  const scanned = new Map<NuxtPage, PageRoute>()
  const pages = toNuxtPages(root, toPageTree(scan.pages), scanned)
  const registered = await installAndCollect(nuxt, entries, pages, scan.components.map(toNuxtComponent(root)))
  await writeTemplates(nuxt, registered.app)
  // Nuxt's `#build/app.config`: the merged app config useAppConfig() reads (modules import it: @nuxt/ui's theme).
  await writeFile(join(options.buildDir, 'app.config.mjs'), `export { default } from '#swerve/virtual/app-config'\n`)
  const result = toSwerve(nuxt, registered, scan, { head, rootAttrs, alias, scanned })
  result.virtual = await compileVirtual(nitroOf(options).virtual ?? {})
  await registerGlobalComponents(root, options.buildDir, registered.components.filter(c => c.global), result)
  if (Object.keys(options.appConfig ?? {}).length) {
    const file = join(options.buildDir, 'kit', 'app.config.mjs')
    await mkdir(join(options.buildDir, 'kit'), { recursive: true })
    await writeFile(file, `export default ${uneval(options.appConfig)}\n`)
    result.appConfig = relative(root, file)
  }
  return result
}

/**
 * Components a module registers as `global`: a plugin of the build's registers them on the Vue
 * app, as Nuxt does, so that code that names them at run time (`resolveComponent('Icon')`,
 * `<component is="Icon">`) finds them.
 */
async function registerGlobalComponents(root: string, buildDir: string, components: Component[], result: KitResult): Promise<void> {
  if (!components.length) return
  const file = join(buildDir, 'kit', 'global-components.mjs')
  await mkdir(join(buildDir, 'kit'), { recursive: true })
  await writeFile(file, [
    `import { defineNuxtPlugin } from '#app'`,
    ...components.map((c, i) => `import component${i} from ${JSON.stringify(c.filePath)}`),
    `export default defineNuxtPlugin({ name: 'swerve:global-components', setup(app) {`,
    ...components.map((c, i) => `  app.vueApp.component(${JSON.stringify(c.pascalName)}, component${i})`),
    `} })`,
  ].join('\n'))
  result.plugins.unshift({ file: relative(root, file), name: 'swerve:global-components', mode: 'both' })
}
