/**
 * `#build/*`: the templates modules add (`addTemplate`, `addPluginTemplate`, `addLayout`),
 * compiled with their `getContents` (or read from `src`) and written under `.swerve/`, where
 * `#build/` points, as Nuxt writes the `write: true` ones under `.nuxt/`. Nitro's virtual
 * modules (`nitro.virtual`, `addServerTemplate`) are compiled to strings.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import type { Nuxt, NuxtApp, NuxtTemplate } from '@nuxt/schema'

async function contentsOf(template: NuxtTemplate, nuxt: Nuxt, app: NuxtApp): Promise<string> {
  if (template.getContents) return String(await template.getContents({ nuxt, app, options: template.options ?? {} } as never))
  if (template.src) return await readFile(template.src, 'utf8')
  return ''
}

/** Writes every template to its `dst` (under `.swerve/`); returns their paths. */
export async function writeTemplates(nuxt: Nuxt, app: NuxtApp): Promise<string[]> {
  const written: string[] = []
  for (const template of nuxt.options.build.templates as NuxtTemplate[]) {
    const dst = template.dst ?? join(nuxt.options.buildDir, template.filename!)
    await mkdir(dirname(dst), { recursive: true })
    await writeFile(dst, await contentsOf(template, nuxt, app))
    written.push(dst)
  }
  return written
}

/** `nitro.virtual`: id → source, each a string or a function that gives one. */
export async function compileVirtual(virtual: Record<string, unknown>): Promise<Record<string, string>> {
  const out: Record<string, string> = {}
  for (const [id, value] of Object.entries(virtual)) out[id] = typeof value === 'function' ? String(await value()) : String(value)
  return out
}
