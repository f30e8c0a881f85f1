/**
 * The page's side of `swerve dev`: listens on /__swerve/events for updates —
 * re-render a component (state kept), swap CSS, reload — and shows build errors
 * in an overlay until they are fixed.
 */
import * as Vue from 'vue'
import type { SwerveApp } from '../runtime/app/context.ts'
import { restoreStoreStates, type PiniaStores } from '../runtime/internals/pinia.ts'
import { hmrRerender } from '../runtime/internals/vue-hmr.ts'

interface DevMessage { type: 'error' | 'ok' | 'reload' | 'css' | 'rerender', message?: string, id?: string, url?: string }

const OVERLAY_ID = 'swerve-error-overlay'

function showOverlay(message: string): void {
  let overlay = document.getElementById(OVERLAY_ID)
  if (!overlay) {
    overlay = document.createElement('div')
    overlay.id = OVERLAY_ID
    overlay.setAttribute('role', 'alert')
    overlay.style.cssText = 'position:fixed;inset:0;z-index:2147483647;overflow:auto;padding:2rem;background:rgb(29 36 51 / .96);color:#fff;font:14px/1.5 ui-monospace,monospace'
    document.body.append(overlay)
  }
  overlay.innerHTML = '<h1 style="font:600 1.2rem system-ui;color:#ff8a80;margin:0 0 1rem">Build error</h1><pre style="white-space:pre-wrap;margin:0"></pre><p style="font:13px system-ui;color:#aab">Fix the file and save: this page carries on.</p>'
  overlay.querySelector('pre')!.textContent = message
}

function hideOverlay(): void {
  document.getElementById(OVERLAY_ID)?.remove()
}

function swapStylesheets(): void {
  for (const link of document.querySelectorAll<HTMLLinkElement>('link[rel="stylesheet"]')) {
    const url = new URL(link.href)
    url.searchParams.set('t', String(Date.now()))
    const next = link.cloneNode() as HTMLLinkElement
    next.href = url.href
    next.addEventListener('load', () => link.remove(), { once: true })
    link.after(next)
  }
}

/** Where a reload keeps Pinia's stores (dev only): a store edit reloads the page, and the stores carry on. */
const STORES_KEY = 'swerve:dev-pinia'

function saveStores(app: SwerveApp): void {
  const pinia = app.$pinia as PiniaStores | undefined
  if (pinia) sessionStorage.setItem(STORES_KEY, JSON.stringify(pinia.state.value))
}

/** The stores as they were before the dev server's reload: patched in after hydration, so the page hydrates as rendered. */
function restoreStores(app: SwerveApp): void {
  const saved = sessionStorage.getItem(STORES_KEY)
  const pinia = app.$pinia as PiniaStores | undefined
  if (!saved || !pinia) return
  sessionStorage.removeItem(STORES_KEY)
  restoreStoreStates(pinia, JSON.parse(saved) as Record<string, unknown>)
}

export function connectDevServer(app: SwerveApp): void {
  restoreStores(app)
  ;(window as unknown as { __SWERVE_VUE__: typeof Vue }).__SWERVE_VUE__ = Vue
  // The updates this page was rendered with: one made while it loaded is not lost (a reload).
  const since = document.querySelector('meta[name="swerve-dev-update"]')?.getAttribute('content')
  const events = new EventSource(`/__swerve/events${since ? `?since=${since}` : ''}`)
  events.onmessage = async (event) => {
    const message = JSON.parse(event.data) as DevMessage
    if (message.type === 'error') return showOverlay(message.message ?? '')
    if (message.type === 'ok') return hideOverlay()
    if (message.type === 'reload') {
      // `swerve dev --sw`: let the rebuilt worker take over before reloading.
      const registration = await navigator.serviceWorker?.getRegistration()
      if (registration && navigator.serviceWorker.controller) {
        const changed = new Promise(resolve => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }))
        await registration.update().catch(() => {})
        await Promise.race([changed, new Promise(resolve => setTimeout(resolve, 2000))])
      }
      saveStores(app)
      return location.reload()
    }
    if (message.type === 'css') return swapStylesheets()
    if (message.type === 'rerender') {
      const module = await import(/* @vite-ignore */ message.url!)
      if (!hmrRerender(message.id!, module.render)) location.reload()
    }
  }
}
