/** File names → route paths, for pages (vue-router) and server routes (rou3). */

const HTTP_METHODS = ['get', 'head', 'post', 'put', 'patch', 'delete', 'options'] as const

export interface PageRoute {
  /** vue-router path: `/users/:id`, `/:slug(.*)*` */
  path: string
  name: string
  /** Path relative to the app root, POSIX. */
  file: string
  /** No params: can be prerendered. */
  static: boolean
  /** The file's folders and name under pages/ (`['parent', '[id]']`): where it nests (build/page-tree.ts). */
  segments: string[]
  /** A module's page (`pages:extend`, build/kit/): its path and name as given, never nested by its file. */
  fixed?: boolean
  /**
   * A module's page pushed into another page's `children`: that page (`parent.key`, its
   * `pageKey`) and the path as the module gave it, relative to the parent's (build/page-tree.ts).
   */
  parent?: { key: string, path: string }
}

/** A page's identity where two share a path (a parent and its index child): its path and file. */
export const pageKey = (page: { path: string, file: string }): string => `${page.path} ${page.file}`

export interface ServerRoute {
  /** rou3 path: `/api/users/:id`, `/api/files/**:path` */
  route: string
  method?: string
  file: string
  /** `*.origin.ts`: built into origin hosts only, never into the worker. */
  origin?: boolean
}

function segmentsOf(relative: string, extension: RegExp): string[] {
  const segments = relative.replace(extension, '').split('/')
  if (segments.at(-1) === 'index') segments.pop()
  return segments
}

/** A file that is a component: a single-file component, or JSX (`.tsx`, `.jsx`). */
export const COMPONENT_FILE = /\.(?:vue|[jt]sx)$/

/** A `(group)` folder: it groups pages without being part of their path or name. */
export const isGroup = (segment: string) => /^\(.+\)$/.test(segment)

/** One segment of a page file's name as a vue-router path piece, and whether it holds a param. */
export function segmentPath(segment: string): { path: string, dynamic: boolean } {
  let dynamic = false
  // Param names keep word characters only, as Nuxt's do: `[user-id]` → `userid`.
  const param = (name: string) => name.replace(/\W/g, '')
  const catchAll = segment.match(/^\[\.\.\.([^\]]+)\]$/)
  if (catchAll) return { path: `:${param(catchAll[1])}(.*)*`, dynamic: true }
  const path = segment
    .replace(/\[\[([^\]]+)\]\]/g, (_, name) => { dynamic = true; return `:${param(name)}?` })
    .replace(/\[([^\]]+)\](.?)/g, (_, name, next) => {
      dynamic = true
      // `()` ends a param that text follows (`[a]-[b]`): vue-router would read it as part of the name.
      return `:${param(name)}${next && /[\w-]/.test(next) ? '()' : ''}${next}`
    })
  return { path, dynamic }
}

/** A segment's part of a route name: `[id]` → `id`, `reload-[id]` → `reload-id`. */
export const segmentName = (segment: string) => segment.replace(/[[\].]/g, '')

export function toPageRoute(file: string, pagesDir = 'app/pages'): PageRoute {
  const relative = file.slice(pagesDir.length + 1)
  const segments = relative.replace(COMPONENT_FILE, '').split('/')
  const named = segments.filter(segment => !isGroup(segment))
  if (named.at(-1) === 'index') named.pop()
  const pieces = named.map(segmentPath)
  const name = named.map(segmentName).join('-') || 'index'
  return { path: `/${pieces.map(p => p.path).join('/')}`, name, file, static: !pieces.some(p => p.dynamic), segments }
}

export function toServerRoute(file: string, dir: string, prefix: string): ServerRoute {
  let relative = file.slice(dir.length + 1).replace(/\.[cm]?[jt]s$/, '')
  const origin = relative.endsWith('.origin')
  if (origin) relative = relative.slice(0, -'.origin'.length)
  let method: string | undefined
  const suffix = relative.match(/\.(\w+)$/)
  if (suffix && (HTTP_METHODS as readonly string[]).includes(suffix[1])) {
    method = suffix[1].toUpperCase()
    relative = relative.slice(0, -suffix[0].length)
  }
  const segments = segmentsOf(relative, /$/).map((segment) => {
    const catchAll = segment.match(/^\[\.\.\.(\w+)\]$/)
    if (catchAll) return `**:${catchAll[1]}`
    return segment.replace(/\[(\w+)\]/g, ':$1')
  })
  const route = [prefix, ...segments].filter(Boolean).join('/')
  return { route: `/${route}`, method, file, ...(origin ? { origin } : {}) }
}

/** Routes are tried static before dynamic before catch-all, so the most specific wins. */
export function byRouteSpecificity<T extends { path?: string, route?: string }>(a: T, b: T): number {
  const rank = (p: string) => p.split('/').map(s => s.startsWith('**') || s.includes('(.*)') ? 2 : s.startsWith(':') ? 1 : 0)
  const ra = rank(a.path ?? a.route ?? ''), rb = rank(b.path ?? b.route ?? '')
  for (let i = 0; i < Math.max(ra.length, rb.length); i++) {
    const d = (ra[i] ?? -1) - (rb[i] ?? -1)
    if (d !== 0) return d
  }
  return 0
}
