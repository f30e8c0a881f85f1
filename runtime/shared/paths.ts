/** Facts about paths that the build, the hosts and the pipeline must agree on: one definition each. */

/** The folder of swerve's own files under the base: hashed client files, dev dependencies, the sync route. */
export const SWERVE_DIR = '_swerve'

/** `<base>_swerve/`: where swerve's own files and routes start. */
export const swervePrefix = (base: string) => `${base}${SWERVE_DIR}/`

/** `<base>api` and below: API routes, never pages (an unknown one answers JSON 404). */
export function isApiPath(pathname: string, base: string): boolean {
  return pathname === `${base}api` || pathname.startsWith(`${base}api/`)
}

/** Prefixes an absolute app path with the base (`/x` → `/sub/x`); leaves URLs and based paths alone. */
export function withBase(path: string, base: string): string {
  if (!path.startsWith('/') || path.startsWith('//') || base === '/' || path.startsWith(base)) return path
  return base.replace(/\/$/, '') + path
}

/**
 * Whether a request asks for a page (HTML) rather than data: a GET or HEAD outside the API
 * that accepts HTML, anything, or says nothing. The server's `swr` and error pages, and the
 * worker's `prerender` and `swr` answers (sw/route.ts), go by it alike.
 */
export function isPageRequest(request: Pick<Request, 'method' | 'headers'>, pathname: string, base: string): boolean {
  const method = request.method
  if (method !== 'GET' && method !== 'HEAD') return false
  if (isApiPath(pathname, base)) return false
  const accept = request.headers.get('accept') ?? ''
  return accept === '' || accept.includes('text/html') || accept.includes('*/*')
}

/** The file a static host serves for a page: `/about` and `/about/` are `/about/index.html`. */
export const indexFileOf = (pathname: string) => `${pathname.replace(/\/?$/, '/')}index.html`

/** The page an index file is, relative as given: `about/index.html` is `about/`, `index.html` is ``. */
export const pageOfIndexFile = (file: string) => file.replace(/(^|\/)index\.html$/, '$1')

/** Client files whose name carries a content hash (esbuild's `[name]-[hash]`): their name is their revision. */
export const HASHED_FILE = /-[A-Z0-9]{8}\.[a-z0-9]+$/

/** On an answer meaning "nothing here answers this; send it on" (`HostFetchOptions.passthrough`). Never leaves the host. */
export const PASS_HEADER = 'x-swerve-pass'

/** The pass answer: a 404 with `PASS_HEADER`, which its host sends on instead of answering. */
export const passResponse = () => new Response(null, { status: 404, headers: { [PASS_HEADER]: '1' } })

/** Sent by the prerenderer for 200.html/404.html: the page renders in the client instead of hydrating. */
export const FALLBACK_HEADER = 'x-swerve-fallback'

/**
 * On a prerender's request, the build's; on its answer, what failed while rendering (JSON: the
 * page's error and each `useAsyncData` error), so a failure is never written as the page.
 */
export const PRERENDER_HEADER = 'x-swerve-prerender'
