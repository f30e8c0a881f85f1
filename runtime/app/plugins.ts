/** App plugins: order by `enforce` (or Nuxt's `order`), wait for `dependsOn`, run `parallel` ones together. */
import type { AppHooks, SwerveApp } from './context.ts'
import { callWithApp } from './context.ts'

/** What a plugin's setup may return: `provide` makes each value `useNuxtApp().$name`. */
export type AppPluginResult<P extends Record<string, unknown> = Record<string, unknown>> = void | { provide?: P }

export type AppPluginSetup<P extends Record<string, unknown> = Record<string, unknown>> = (app: SwerveApp) => AppPluginResult<P> | Promise<AppPluginResult<P>>

export interface AppPluginObject<P extends Record<string, unknown> = Record<string, unknown>> {
  name?: string
  enforce?: 'pre' | 'default' | 'post'
  /** Nuxt's number for the same (`enforce: 'pre'` is -20, `'post'` 20): lower runs first. */
  order?: number
  dependsOn?: string[]
  parallel?: boolean
  hooks?: Partial<AppHooks>
  setup?: AppPluginSetup<P>
}

export interface AppPlugin<P extends Record<string, unknown> = Record<string, unknown>> extends AppPluginObject<P> {
  setup: AppPluginSetup<P>
}

/** The values a plugin provides, by name: `.swerve/types` types `useNuxtApp().$name` with them. */
export type ProvidedBy<T> = T extends AppPlugin<infer P> ? P : {}

export function defineAppPlugin<P extends Record<string, unknown> = {}>(input: AppPluginSetup<P> | AppPluginObject<P>): AppPlugin<P> {
  const object = typeof input === 'function' ? { setup: input } : input
  return { ...object, setup: object.setup ?? (() => {}) }
}

const ORDER = { pre: -20, default: 0, post: 20 } as const
const orderOf = (plugin: AppPluginObject) => plugin.order ?? ORDER[plugin.enforce ?? 'default']

export async function runPlugins(app: SwerveApp, entries: { name: string, plugin: AppPlugin | AppPluginSetup }[]): Promise<void> {
  const plugins = entries
    .map(({ name, plugin }) => {
      const normalized = typeof plugin === 'function' ? defineAppPlugin(plugin) : plugin
      return { ...normalized, name: normalized.name ?? name }
    })
    .map((plugin, index) => ({ plugin, index }))
    .sort((a, b) => orderOf(a.plugin) - orderOf(b.plugin) || a.index - b.index)
    .map(({ plugin }) => plugin)

  const known = new Set(plugins.map(p => p.name))
  for (const plugin of plugins) {
    for (const dependency of plugin.dependsOn ?? []) {
      if (!known.has(dependency)) throw new Error(`[swerve] App plugin "${plugin.name}" depends on "${dependency}", which does not exist.`)
    }
  }

  const finished = new Map<string, { promise: Promise<void>, resolve: () => void, reject: (e: unknown) => void }>()
  for (const plugin of plugins) {
    let resolve!: () => void, reject!: (e: unknown) => void
    const promise = new Promise<void>((res, rej) => { resolve = res; reject = rej })
    promise.catch(() => {})
    finished.set(plugin.name, { promise, resolve, reject })
  }
  assertNoCycle(plugins)

  async function run(plugin: AppPlugin & { name: string }): Promise<void> {
    await Promise.all((plugin.dependsOn ?? []).map(name => finished.get(name)!.promise))
    if (plugin.hooks) app.hooks.addHooks(plugin.hooks as any)
    const result = await callWithApp(app, () => plugin.setup(app))
    if (result && typeof result === 'object' && result.provide) {
      for (const [key, value] of Object.entries(result.provide)) app.provide(key, value)
    }
  }

  // A plain plugin waits for the ones before it; `parallel` and `dependsOn`
  // plugins start at once (the latter then wait for what they name).
  const running: Promise<void>[] = []
  for (const plugin of plugins) {
    const state = finished.get(plugin.name)!
    const promise = run(plugin).then(state.resolve, (error) => { state.reject(error); throw error })
    running.push(promise)
    if (!plugin.parallel && !plugin.dependsOn?.length) await promise
  }
  await Promise.all(running)
}

function assertNoCycle(plugins: { name: string, dependsOn?: string[] }[]): void {
  const byName = new Map(plugins.map(p => [p.name, p]))
  const visiting = new Set<string>()
  const visit = (name: string, path: string[]) => {
    if (visiting.has(name)) throw new Error(`[swerve] App plugins depend on each other in a cycle: ${[...path, name].join(' → ')}`)
    visiting.add(name)
    for (const dependency of byName.get(name)?.dependsOn ?? []) visit(dependency, [...path, name])
    visiting.delete(name)
  }
  for (const plugin of plugins) visit(plugin.name, [])
}
