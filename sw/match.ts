/** Decides, synchronously, whether a path belongs to the pipeline's API or server routes. */
import { isApiPath } from '../runtime/shared/paths.ts'

export function toRouteMatcher(base: string, routes: string[]): (pathname: string) => boolean {
  const prefix = base.replace(/\/$/, '')
  const patterns = routes.map((route) => {
    const source = route.split('/').map((segment) => {
      if (segment.startsWith('**')) return '.*'
      if (segment.startsWith(':')) return '[^/]+'
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    }).join('/')
    return new RegExp(`^${prefix}${source.replace(/\/\.\*$/, '(?:/.*)?')}/?$`)
  })
  return pathname => isApiPath(pathname, base) || patterns.some(p => p.test(pathname))
}
