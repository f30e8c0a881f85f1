/** Decides, synchronously, whether a path belongs to the pipeline's API or server routes. */
import { isApiPath, toRoutesMatcher } from '../runtime/shared/paths.ts'

export function toRouteMatcher(base: string, routes: string[]): (pathname: string) => boolean {
  const matches = toRoutesMatcher(base, routes)
  return pathname => isApiPath(pathname, base) || matches(pathname)
}
