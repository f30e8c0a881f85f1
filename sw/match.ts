/** Decides, synchronously, whether a path belongs to the pipeline's API or server routes. */
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
  const api = `${prefix}/api`
  return pathname => pathname === api || pathname.startsWith(`${api}/`) || patterns.some(p => p.test(pathname))
}
