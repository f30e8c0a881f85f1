/** Vue SSR of a navigation into a full HTML document: the server's page handler and its error page. */
import { FastResponse } from 'srvx'
import { createMemoryHistory } from 'vue-router'
import { renderToString, ssrRenderAttrs } from '@vue/server-renderer'
import { createHead } from '@unhead/vue/server'
import type { HTTPError, H3Event } from 'h3'
import type { BuiltConfig } from '#swerve/virtual/config'
import { toErrorHTMLResponse, toErrorShape, toHTTPError } from '../shared/errors.ts'
import { contentSecurityPolicy, createNonce, nonceMeta, withNonce } from '../shared/csp.ts'
import { isAutoKey } from '../shared/auto-key.ts'
import { FALLBACK_HEADER, PRERENDER_HEADER } from '../shared/paths.ts'
import { serverOf } from '../server/context.ts'
import type { RenderHTMLContext } from '../server/hooks.ts'
import type { PageRenderer } from '../server/types.ts'
import type { Payload, SwerveApp } from './context.ts'
import { createSwerveApp, type AppEntry } from './create.ts'
import { PAYLOAD_ID, serializePayload } from './payload.ts'
import { matchesPage } from './app-router.ts'
import { shareNormalizedOptions } from '../internals/vue.ts'

/** The client build's output (`#swerve/virtual/client-assets`). Paths are relative to `<base>`. */
export interface ClientAssets {
  entry: string
  /** The entry's CSS bundle: every page's CSS, lazy ones included. */
  css: string[]
  /** Page file → the JS chunks it loads (modulepreload hints). */
  pages: Record<string, string[]>
}

function redirectResponse(redirect: { location: string, status: number }): Response {
  return new Response(null, { status: redirect.status, headers: { location: redirect.location, 'cache-control': 'no-store' } })
}

const attrsOf = (attrs: string[]) => attrs.filter(Boolean).map(a => ` ${a}`).join('')

function documentOf(html: RenderHTMLContext): string {
  return `<!DOCTYPE html><html${attrsOf(html.htmlAttrs)}><head>${html.head.join('')}</head><body${attrsOf(html.bodyAttrs)}>${html.bodyPrepend.join('')}${html.body.join('')}${html.bodyAppend.join('')}</body></html>`
}

/** What every render of one app reads: its entry, its client build and the build's config. */
interface Renderer {
  entry: AppEntry
  assets: ClientAssets
  config: BuiltConfig
  /** Without a nonce, a page's asset tags are the same on every render: made once per set of page files. */
  assetTagsOf: Map<string, string[]>
  /** The root element's attributes: `app.rootAttrs` (@nuxt/ui's `class="isolate"`), its id always the one the page mounts on. */
  rootAttrs: string
}

export function createRenderer(entry: AppEntry, assets: ClientAssets, config: BuiltConfig): PageRenderer {
  const renderer: Renderer = { entry, assets, config, assetTagsOf: new Map(), rootAttrs: ssrRenderAttrs({ ...config.rootAttrs, id: undefined }) }
  return {
    matches: event => matchesPage(entry.routes, pathOf(renderer, event)),
    // `ssr: false` (routeRules): a shell; the page renders in the client (payload.serverRendered false).
    render: event => event.context.swerve?.rule.ssr === false
      ? shellOf(renderer, event)
      : renderOnce(renderer, event),
    async renderError(event, error) {
      try {
        return await renderOnce(renderer, event, error)
      } catch (failure) {
        console.error('[swerve] the error page failed to render:', failure)
        return toErrorHTMLResponse(error)
      }
    },
  }
}

function assetTags(renderer: Renderer, pageFiles: string[], nonce: string | undefined): string[] {
  if (nonce) return makeAssetTags(renderer, pageFiles, nonce)
  const key = pageFiles.join('\n')
  let tags = renderer.assetTagsOf.get(key)
  if (!tags) renderer.assetTagsOf.set(key, tags = makeAssetTags(renderer, pageFiles, undefined))
  return tags
}

function makeAssetTags({ assets, config }: Renderer, pageFiles: string[], nonce: string | undefined): string[] {
  const asset = (file: string) => config.base + file
  const nonced = nonce ? ` nonce="${nonce}"` : ''
  const js = new Set(pageFiles.flatMap(file => assets.pages[file] ?? []))
  const manifest = config.manifest
  return [
    ...(manifest ? [`<link rel="manifest" href="${asset('manifest.webmanifest')}">`] : []),
    ...(manifest && manifest.themeColor ? [`<meta name="theme-color" content="${manifest.themeColor.replace(/"/g, '&quot;')}">`] : []),
    ...assets.css.map(href => `<link rel="stylesheet" href="${asset(href)}"${nonced}>`),
    assets.entry ? `<script type="module" src="${asset(assets.entry)}"${nonced}></script>` : '',
    ...[...js].map(src => `<link rel="modulepreload" href="${asset(src)}"${nonced}>`),
  ]
}

interface PageParts {
  payload: Payload
  /** unhead's rendered tags (none for a shell). */
  head?: { headTags: string, htmlAttrs: string, bodyAttrs: string, bodyTagsOpen: string, bodyTags: string }
  html: string
  pageFiles: string[]
  /** `<Teleport>`s' markup by target: `body`'s go after `#app`, and `#teleports`' into a `<div id="teleports">` there, as in Nuxt. */
  teleports?: Record<string, string>
}

/** The document around a render (or an empty `#app` for a shell): assets, payload, nonce, `render:html`. */
async function documentResponse(renderer: Renderer, event: H3Event, { payload, head, html, pageFiles, teleports = {} }: PageParts): Promise<Response> {
  const nonce = renderer.config.security.cspNonce ? createNonce() : undefined
  // Only swerve's and unhead's tags get the nonce, never the app's markup.
  const tags = (html = '') => nonce ? withNonce(html, nonce) : html
  const context: RenderHTMLContext = {
    htmlAttrs: [head?.htmlAttrs.trim() ?? ''],
    head: [...(nonce ? [nonceMeta(nonce)] : []), tags(head?.headTags), ...assetTags(renderer, pageFiles, nonce)],
    bodyAttrs: [head?.bodyAttrs.trim() ?? ''],
    bodyPrepend: [tags(head?.bodyTagsOpen)],
    body: [`<div id="app"${renderer.rootAttrs}>${html}</div>`, ...teleports.body ? [teleports.body] : [], ...teleports['#teleports'] ? [`<div id="teleports">${teleports['#teleports']}</div>`] : []],
    bodyAppend: [tags(`<script type="application/json" id="${PAYLOAD_ID}">${serializePayload(payload)}</script>`), tags(head?.bodyTags)],
    nonce,
  }
  const { hooks } = serverOf(event)
  await hooks.callHook('render:html', context, { event })
  // An error's status, else what the page set (`setResponseStatus`).
  const status = payload.error?.status ?? event.res.status ?? 200
  const response = new FastResponse(documentOf(context), {
    status,
    ...(!payload.error && event.res.statusText ? { statusText: event.res.statusText } : {}),
    headers: { 'content-type': 'text/html; charset=utf-8', ...(nonce ? { 'content-security-policy': contentSecurityPolicy(nonce) } : {}) },
  })
  if (event.req.headers.has(PRERENDER_HEADER)) {
    const failures = prerenderFailures(payload)
    if (failures.length) response.headers.set(PRERENDER_HEADER, JSON.stringify(failures))
  }
  await hooks.callHook('render:response', response, { event })
  return response
}

/** What failed in a prerendered page (its error, its data's errors): the prerenderer reports them. */
function prerenderFailures(payload: Payload): string[] {
  return [
    ...(payload.error ? [`${payload.error.status} ${payload.error.message}`] : []),
    ...Object.entries(payload.errors ?? {}).filter(([, error]) => error).map(([key, error]) => `data ${isAutoKey(key) ? '(no key)' : JSON.stringify(key)}: ${error!.status} ${error!.message}`),
  ]
}

const payloadOf = ({ config }: Renderer, event: H3Event, serverRendered: boolean, error?: HTTPError): Payload => ({
  data: {},
  state: {},
  error: error ? toErrorShape(error) : null,
  serverRendered,
  fallback: event.req.headers.has(FALLBACK_HEADER) || undefined,
  buildId: config.buildId,
  config: config.runtimeConfig.public,
})

/** The page's shell: an empty `#app` the client renders into (payload.serverRendered false). */
const shellOf = (renderer: Renderer, event: H3Event) => documentResponse(renderer, event, { payload: payloadOf(renderer, event, false), html: '', pageFiles: [] })

/** The request's path in the router: relative to the base. */
const pathOf = ({ config: { base } }: Renderer, event: H3Event) => event.url.pathname.startsWith(base) ? `/${event.url.pathname.slice(base.length)}` : event.url.pathname

/** Renders the page, or with `error` the error page. A component that throws while rendering throws here. */
async function renderOnce(renderer: Renderer, event: H3Event, error?: HTTPError): Promise<Response> {
  const { entry, config } = renderer
  const payload = payloadOf(renderer, event, true, error)
  const head = createHead()
  const app = await createSwerveApp(entry, { isServer: true, history: createMemoryHistory(config.base), head, payload, event, config })
  if (!error) {
    const early = await navigate(renderer, app, event, payload)
    if (early) return early
  }
  const ssrContext: { event: H3Event, teleports?: Record<string, string> } = { event }
  // Not in dev, where a component edited in place would keep what Vue made of it before.
  if (!import.meta.dev) shareNormalizedOptions(app.vueApp)
  const shownBefore = app.payload.error
  const html = await renderToString(app.vueApp, ssrContext)
  if (app.redirect && !error) return redirectResponse(app.redirect)
  // A component threw while rendering: the server's error handling renders the error page.
  if (app.renderError && !error) throw toHTTPError(app.renderError)
  // `showError()` while rendering: the error page, as for a throw.
  if (app.payload.error && app.payload.error !== shownBefore && !error) throw toHTTPError(app.payload.error)
  await app.hooks.callHook('app:rendered', { app, html })
  const pageFiles = app.router.currentRoute.value.matched.map(r => r.meta.file as string).filter(Boolean)
  return documentResponse(renderer, event, { payload, head: head.render(), html, pageFiles, teleports: ssrContext.teleports })
}

/** Navigates the app's router to the request's URL: a redirect or a shell when the navigation says so, else nothing. */
async function navigate(renderer: Renderer, app: SwerveApp, event: H3Event, payload: Payload): Promise<Response | undefined> {
  // push settles when the navigation is done, aborted included (isReady never would then).
  const asked = pathOf(renderer, event) + event.url.search + event.url.hash
  await app.router.push(asked)
  if (app.redirect) return redirectResponse(app.redirect)
  // Route middleware that returned another location: the server answers a redirect, as navigateTo does.
  const landed = app.router.currentRoute.value
  // The fallback document (200.html, 404.html) of an app that renders app.vue for every
  // path is its shell: there is no path to render it for, and the page renders the one visited.
  if (payload.fallback && landed.meta.everyPath) return shellOf(renderer, event)
  if (landed.matched.length && !app.payload.error && landed.fullPath !== asked && landed.fullPath !== app.router.resolve(asked).fullPath) {
    return redirectResponse({ location: app.router.resolve(landed).href, status: 302 })
  }
}
