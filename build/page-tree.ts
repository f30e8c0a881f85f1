/**
 * Nested pages (docs/routing.md#nested-pages): `pages/parent.vue` beside a `pages/parent/`
 * folder is the parent of the pages in it, which render in its `<NuxtPage>`. The tree is
 * made as Nuxt makes it: a file nests under the page whose name and path its folders spell,
 * a child's path is relative (`b`, `:id()`), an index child's is empty and takes the
 * parent's name (the parent then has none), `(group)` folders are left out of paths and
 * names. `definePageMeta`'s `name`, `path`, `alias` and `redirect` then replace the file's.
 */
import { isGroup, pageKey, segmentName, segmentPath, type PageRoute } from './routes.ts'
import type { RouteOverrides } from './page-meta.ts'

export interface PageNode {
  page: PageRoute
  /** vue-router path: absolute at the top, relative under a parent (`''` for an index child). */
  path: string
  /** Absent on a parent whose index child has its name. */
  name?: string
  /** The `(group)` folders the file is in, as Nuxt gives them in `route.meta.groups`. */
  groups: string[]
  alias?: string | string[]
  redirect?: unknown
  children: PageNode[]
}

interface Building extends PageNode {
  /** The name as Nuxt spells it while nesting: segments joined with `/`. */
  raw: string
  children: Building[]
}

/** Shorter first where one is the start of the other: a parent before its children. */
function bySegments(a: PageRoute, b: PageRoute): number {
  for (let i = 0; i < Math.min(a.segments.length, b.segments.length); i++) {
    if (a.segments[i] !== b.segments[i]) return a.segments[i]! < b.segments[i]! ? -1 : 1
  }
  return a.segments.length - b.segments.length
}

function place(roots: Building[], page: PageRoute): void {
  let siblings = roots
  let raw = ''
  let path = ''
  const groups: string[] = []
  for (const segment of page.segments) {
    if (isGroup(segment)) { groups.push(segment.slice(1, -1)); continue }
    const name = segmentName(segment)
    raw += (raw && '/') + name
    const piece = name === 'index' ? '' : `/${segmentPath(segment).path}`
    const full = `/${`${path}${piece}`.replace(/^\//, '')}`
    const parent = siblings.find(node => node.raw === raw && node.path === full)
    if (parent) {
      siblings = parent.children
      path = ''
    } else if (name === 'index' && !path) path = '/'
    else if (name !== 'index') path += piece
  }
  siblings.push({ page, raw, path: path || '/', groups, children: [] })
}

function findNode(nodes: Building[], key: string): Building | undefined {
  for (const node of nodes) {
    const found = pageKey(node.page) === key ? node : findNode(node.children, key)
    if (found) return found
  }
}

/**
 * Modules' pages (`pages:extend`), after the files': each at the top, or in its parent's
 * children when a module nested it (in a parent of its own or in a file-based page). A child
 * whose parent is gone stays at the top.
 */
function placeFixed(roots: Building[], pages: PageRoute[]): void {
  let pending = pages
  while (pending.length) {
    const left = pending.filter((page) => {
      const parent = page.parent && findNode(roots, page.parent.key)
      if (page.parent && !parent) return true
      ;(parent ? parent.children : roots).push({ page, raw: page.name, path: parent ? page.parent!.path : page.path, groups: [], children: [] })
      return false
    })
    if (left.length === pending.length) {
      for (const page of left) roots.push({ page, raw: page.name, path: page.path, groups: [], children: [] })
      return
    }
    pending = left
  }
}

/** Names as vue-router gets them, relative child paths, and no name on a parent with an index child. */
function finish(nodes: Building[], nested: boolean, overrides: (page: PageRoute) => RouteOverrides): PageNode[] {
  return nodes.map((node) => {
    const children = finish(node.children, true, overrides)
    const own = overrides(node.page)
    const fixed = node.page.fixed
    const path = own.path ?? (nested && !fixed ? node.path.replace(/^\//, '') : node.path)
    const name = fixed ? node.page.name || undefined : children.some(child => child.path === '' && !child.page.fixed) ? undefined : node.raw.replace(/\/index$/, '').replace(/\//g, '-')
    return {
      page: node.page,
      path,
      name: own.name ?? name,
      groups: node.groups,
      ...(own.alias !== undefined ? { alias: own.alias } : {}),
      ...(own.redirect !== undefined ? { redirect: own.redirect } : {}),
      children,
    }
  })
}

export function toPageTree(pages: PageRoute[], overrides: (page: PageRoute) => RouteOverrides = () => ({})): PageNode[] {
  const roots: Building[] = []
  for (const page of pages.filter(page => !page.fixed).sort(bySegments)) place(roots, page)
  placeFixed(roots, pages.filter(page => page.fixed))
  return finish(roots, false, overrides)
}

/** Each page's full path, and whether it has no params (it can be prerendered). */
export function pagePaths(tree: PageNode[], prefix = ''): { path: string, static: boolean }[] {
  return tree.flatMap((node) => {
    const path = node.path.startsWith('/') ? node.path : `${prefix.replace(/\/$/, '')}/${node.path}`
    const own = { path: path.length > 1 ? path.replace(/\/$/, '') : path, static: !/[:*(]/.test(path) }
    return [own, ...pagePaths(node.children, own.path)]
  })
}
