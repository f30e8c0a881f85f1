/**
 * What a `.vue` edit needs in the open page: a template-only edit is re-rendered
 * in place (component state kept), a style-only edit swaps the CSS, anything
 * else reloads the page.
 */
import { readFileSync } from 'node:fs'
import { parse, type SFCDescriptor } from '@vue/compiler-sfc'
import { transform } from 'esbuild'
import type { AutoImports } from '../imports.ts'
import { compileRender, scriptBindings, toScopeId } from '../vue.ts'

export type VueChange = 'template' | 'style' | 'script'

interface Snapshot { template: string, script: string, styles: string }

function snapshotOf(descriptor: SFCDescriptor): Snapshot {
  return {
    template: descriptor.template?.content ?? '',
    script: `${descriptor.script?.content ?? ''}\0${descriptor.scriptSetup?.content ?? ''}\0${descriptor.cssVars.join()}`,
    styles: descriptor.styles.map(s => `${s.scoped}${s.content}`).join('\0'),
  }
}

/** Remembers each `.vue` file as of the last good build. */
export function createVueTracker(root: string, imports: AutoImports) {
  const known = new Map<string, Snapshot>()

  function read(file: string): SFCDescriptor | undefined {
    try {
      const { descriptor, errors } = parse(readFileSync(file, 'utf8'), { filename: file })
      return errors.length ? undefined : descriptor
    } catch {
      return undefined
    }
  }

  return {
    /** Compares the file with its last good version (call before `commit`). */
    classify(file: string): VueChange {
      const before = known.get(file)
      const descriptor = read(file)
      if (!before || !descriptor) return 'script'
      const after = snapshotOf(descriptor)
      if (after.script !== before.script) return 'script'
      if (after.template !== before.template && after.styles !== before.styles) return 'script'
      if (after.template !== before.template) return 'template'
      return after.styles !== before.styles ? 'style' : 'template'
    },
    /** After a good build: these versions are what the page now runs. */
    commit(files: Iterable<string>): void {
      for (const file of files) {
        const descriptor = read(file)
        if (descriptor) known.set(file, snapshotOf(descriptor))
      }
    },
    /**
     * The HMR module for a template-only change: `export function render`, with vue from the
     * page's global. Undefined when the template now needs a module the page has not loaded
     * (a component or an auto-import): the page reloads instead.
     */
    async renderModule(file: string): Promise<{ id: string, code: string } | undefined> {
      const source = readFileSync(file, 'utf8')
      const { descriptor } = parse(source, { filename: file })
      const options = { root, ssr: false, dev: true, hmr: true }
      const { code: render, errors } = await imports.transform(compileRender(file, source, descriptor, options, scriptBindings(file, descriptor, options)), file)
      if (errors.length || /^import .* from ['"](?!vue['"])/m.test(render)) return undefined
      const code = render
        .replace(/import \{([^}]*)\} from ['"]vue['"];?/g, (_, names: string) => `const {${names.replace(/ as /g, ': ')}} = window.__SWERVE_VUE__`)
      const { code: js } = await transform(code, { loader: 'ts', format: 'esm' })
      return { id: toScopeId(root, file), code: js }
    },
  }
}
