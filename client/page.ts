/** The browser page the app reaches through `app.page` (runtime/app/page.ts says why it is injected). */
import type { Page } from '../runtime/app/page.ts'

/** One observer for every element watched: one that scrolls into view gets its callback, once. */
let observer: IntersectionObserver | undefined
const callbacks = new WeakMap<Element, () => void>()

function onVisible(element: object, callback: () => void): () => void {
  if (typeof IntersectionObserver === 'undefined') return () => {}
  observer ??= new IntersectionObserver((entries) => {
    for (const entry of entries) {
      if (!entry.isIntersecting) continue
      callbacks.get(entry.target)?.()
      observer!.unobserve(entry.target)
    }
  })
  const target = element as Element
  callbacks.set(target, callback)
  observer.observe(target)
  return () => observer!.unobserve(target)
}

function session(): Storage | undefined {
  // A page whose storage is blocked throws on reading `sessionStorage`.
  try { return sessionStorage }
  catch { return undefined }
}

export const page: Page = {
  url: () => location.href,
  go: (url, replace) => replace ? location.replace(url) : void (location.href = url),
  reload: () => location.reload(),
  open: (url, target, features) => void window.open(url, target, features),
  cookies: () => document.cookie,
  setCookie: (cookie) => { document.cookie = cookie },
  title: () => document.title.trim(),
  session,
  whenIdle: fn => void (typeof requestIdleCallback === 'function' ? requestIdleCallback(() => fn()) : setTimeout(fn, 1)),
  onVisible,
}
