/**
 * What the app's composables and components reach of the browser page, typed without the DOM:
 * runtime/ also runs in the worker and on servers, which have no document (test/boundaries.test.ts).
 * client/page.ts is the page's, DOM-typed (client/tsconfig.json); client/entry.ts hands it to
 * the app (`CreateAppOptions.page`), and a server's app has none.
 */
export interface Page {
  /** `location.href`. */
  url: () => string
  /** Leaves the app for `url` (`location.href = url`, or `location.replace(url)`). */
  go: (url: string, replace?: boolean) => void
  reload: () => void
  /** `window.open(url, target, features)`. */
  open: (url: string, target: string, features: string) => void
  /** `document.cookie`, read. */
  cookies: () => string
  /** `document.cookie = cookie`: sets the one cookie `cookie` serializes. */
  setCookie: (cookie: string) => void
  /** `document.title`, trimmed. */
  title: () => string
  /** `sessionStorage`, when the page may use it. */
  session: () => { getItem: (key: string) => string | null, setItem: (key: string, value: string) => void } | undefined
  /** Runs `fn` when the browser is idle (`requestIdleCallback`, else soon). */
  whenIdle: (fn: () => void) => void
  /** Calls `callback` once when `element` scrolls into view; returns what stops watching. */
  onVisible: (element: object, callback: () => void) => () => void
}

/** The page of an app in the browser (never called on a server, whose app has none). */
export function pageOf(app: { _page?: Page }): Page {
  if (!app._page) throw new Error('[swerve] this runs in the page only: the app has no page here.')
  return app._page
}
