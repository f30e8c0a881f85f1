/**
 * Serving `.output` from Node: static files as a static host would, then
 * (unless static) the pipeline. Used by the standalone server, `swerve preview`
 * and the e2e tests.
 */
import { createReadStream, existsSync, statSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { extname, join, normalize } from 'node:path'
import { Readable } from 'node:stream'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.webp': 'image/webp',
  '.ico': 'image/x-icon', '.txt': 'text/plain; charset=utf-8', '.xml': 'application/xml', '.woff2': 'font/woff2', '.woff': 'font/woff',
}

export interface ServeOptions {
  publicDir: string
  base: string
  /** The pipeline; without it, unknown paths get 404.html (or 200.html) like a static host. */
  app?: { fetch: (request: Request) => Promise<Response> }
  /** Overrides Cache-Control for static files (tests: `no-store`, so only the worker's cache can answer). */
  cacheControl?: (path: string) => string
  /** Answer a request before anything else (tests use it to count or block requests). */
  intercept?: (req: IncomingMessage, res: ServerResponse) => boolean
}

function cacheControl(path: string): string {
  if (path.endsWith('/sw.js')) return 'no-cache'
  if (/\/_swerve\/.*-[A-Z0-9]{8}\.\w+$/.test(path)) return 'public, max-age=31536000, immutable'
  return 'no-cache'
}

/** The file a static host would send for `pathname`, or undefined. */
export function resolveStatic(publicDir: string, base: string, pathname: string): string | undefined {
  if (!pathname.startsWith(base)) return undefined
  let relative: string
  try {
    relative = decodeURIComponent(pathname.slice(base.length))
  } catch {
    return undefined
  }
  const file = normalize(join(publicDir, relative))
  if (!file.startsWith(normalize(publicDir))) return undefined
  for (const candidate of [file, join(file, 'index.html'), `${file}.html`]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate
  }
  return undefined
}

function sendFile(res: ServerResponse, file: string, status = 200, method = 'GET', cache = cacheControl): void {
  res.writeHead(status, {
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    'cache-control': cache(file),
    'content-length': statSync(file).size,
  })
  if (method === 'HEAD') res.end()
  else createReadStream(file).pipe(res)
}

function toRequest(req: IncomingMessage): Request {
  const url = `http://${req.headers.host ?? 'localhost'}${req.url}`
  const headers = new Headers()
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item)
  }
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD'
  return new Request(url, {
    method: req.method,
    headers,
    body: hasBody ? Readable.toWeb(req) as ReadableStream : undefined,
    duplex: hasBody ? 'half' : undefined,
  } as RequestInit)
}

async function sendResponse(res: ServerResponse, response: Response): Promise<void> {
  const headers: Record<string, string | string[]> = {}
  response.headers.forEach((value, name) => {
    if (name === 'set-cookie') return
    headers[name] = value
  })
  const cookies = response.headers.getSetCookie()
  if (cookies.length) headers['set-cookie'] = cookies
  res.writeHead(response.status, response.statusText, headers)
  if (!response.body) return void res.end()
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) res.write(chunk)
  res.end()
}

export function createNodeServer(options: ServeOptions): Server {
  return createServer(createRequestHandler(options))
}

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>

export function createRequestHandler(options: ServeOptions): RequestHandler {
  const { publicDir, base, app } = options
  return async function handleRequest(req, res) {
    try {
      if (options.intercept?.(req, res)) return
      const pathname = new URL(req.url ?? '/', 'http://localhost').pathname
      const method = req.method ?? 'GET'
      const file = method === 'GET' || method === 'HEAD' ? resolveStatic(publicDir, base, pathname) : undefined
      if (file) return sendFile(res, file, 200, method, options.cacheControl)
      if (app) return await sendResponse(res, await app.fetch(toRequest(req)))
      const fallback = [join(publicDir, '404.html'), join(publicDir, '200.html')].find(existsSync)
      if (fallback && pathname.startsWith(base)) return sendFile(res, fallback, 404, method)
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found')
    } catch (error) {
      console.error('[swerve]', error)
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' })
      res.end('Internal Server Error')
    }
  }
}
