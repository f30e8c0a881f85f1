/** Vue SSR of a navigation (SPEC §4 "Render"), into a full HTML document. */
import { createMemoryHistory } from 'vue-router'
import { renderToString } from '@vue/server-renderer'
import { createHead } from '@unhead/vue/server'
import type { HTTPError, H3Event } from 'h3'
import type { SwerveServer, Renderer } from '../server/app.ts'
import { toErrorShape, toHTTPError } from '../server/errors.ts'
import type { RenderHTMLContext } from '../server/hooks.ts'
import type { Payload } from './context.ts'
import { createSwerveApp, type AppEntry } from './create.ts'
import { PAYLOAD_ID, serializePayload } from './payload.ts'

/** The client build's output (`#swerve/virtual/client-assets`). Paths are relative to `<base>`. */
export interface ClientAssets {
  entry: string
  css: string[]
  pages: Record<string, { js: string[], css: string[] }>
}

const attrsOf = (attrs: string[]) => attrs.filter(Boolean).map(a => ` ${a}`).join('')

function documentOf(html: RenderHTMLContext): string {
  return `<!DOCTYPE html><html${attrsOf(html.htmlAttrs)}><head>${html.head.join('')}</head><body${attrsOf(html.bodyAttrs)}>${html.bodyPrepend.join('')}${html.body.join('')}${html.bodyAppend.join('')}</body></html>`
}

export function createRenderer(entry: AppEntry, assets: ClientAssets) {
  const { base } = entry.appConfig
  const asset = (file: string) => base + file

  function assetTags(pageFiles: string[]): string[] {
    const css = new Set(assets.css)
    const js = new Set<string>()
    for (const file of pageFiles) {
      for (const href of assets.pages[file]?.css ?? []) css.add(href)
      for (const src of assets.pages[file]?.js ?? []) js.add(src)
    }
    return [
      ...[...css].map(href => `<link rel="stylesheet" href="${asset(href)}">`),
      assets.entry ? `<script type="module" src="${asset(assets.entry)}"></script>` : '',
      ...[...js].map(src => `<link rel="modulepreload" href="${asset(src)}">`),
    ]
  }

  return function createPageRenderer(server: SwerveServer): Renderer {
    return async function renderPage(event: H3Event, error?: HTTPError): Promise<Response> {
      event.context.swerveRendering = true
      const payload: Payload = {
        data: {},
        state: {},
        error: error ? toErrorShape(error) : null,
        serverRendered: true,
        fallback: event.req.headers.has('x-swerve-fallback') || undefined,
        buildId: entry.appConfig.buildId,
        config: entry.appConfig.public,
      }
      const head = createHead()
      const app = await createSwerveApp(entry, { isServer: true, history: createMemoryHistory(base), head, payload, event })
      const path = event.url.pathname.startsWith(base) ? `/${event.url.pathname.slice(base.length)}` : event.url.pathname
      if (!error) {
        await app.router.push(path + event.url.search + event.url.hash)
        await app.router.isReady()
        if (app.redirect) {
          return new Response(null, { status: app.redirect.status, headers: { location: app.redirect.location, 'cache-control': 'no-store' } })
        }
      }
      const html = await renderToString(app.vueApp, { event })
      if (app.renderError && !error) {
        // A component threw while rendering: start again, straight onto the error page.
        return renderPage(event, toHTTPError(app.renderError))
      }
      await app.hooks.callHook('app:rendered', { app, html })
      const pageFiles = app.router.currentRoute.value.matched.map(r => r.meta.file as string).filter(Boolean)
      const headHtml = head.render()
      const context: RenderHTMLContext = {
        htmlAttrs: [headHtml.htmlAttrs.trim()],
        head: [headHtml.headTags, ...assetTags(pageFiles)],
        bodyAttrs: [headHtml.bodyAttrs.trim()],
        bodyPrepend: [headHtml.bodyTagsOpen],
        body: [`<div id="app">${html}</div>`],
        bodyAppend: [`<script type="application/json" id="${PAYLOAD_ID}">${serializePayload(payload)}</script>`, headHtml.bodyTags],
      }
      await server.hooks.callHook('render:html', context, { event })
      const status = payload.error?.status ?? 200
      const response = new Response(documentOf(context), {
        status,
        headers: { 'content-type': 'text/html; charset=utf-8' },
      })
      await server.hooks.callHook('render:response', response, { event })
      return response
    }
  }
}
