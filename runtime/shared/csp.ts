/**
 * `csp: { nonce: true }` (docs/security.md): a fresh nonce for each HTML answer,
 * on every script and style swerve writes, and the policy that allows only
 * those. The app's own markup (what `v-html` writes too) never gets one.
 */

/** Where a page says its nonce, in `<head>`, as Nuxt does: prerendered pages are re-nonced from it. */
const NONCE_META = /<meta property="csp-nonce" nonce="([\w+/=-]{16,})">/

export function createNonce(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))))
}

export const nonceMeta = (nonce: string) => `<meta property="csp-nonce" nonce="${nonce}">`

/**
 * Scripts only with the nonce, and what they load ('strict-dynamic': the entry's
 * lazy chunks); styles from the origin or with the nonce; `style="…"` attributes
 * (Vue's `:style`) stay allowed; the worker may register.
 */
export function contentSecurityPolicy(nonce: string): string {
  return [
    `script-src 'nonce-${nonce}' 'strict-dynamic'`,
    `style-src 'self' 'nonce-${nonce}'`,
    `style-src-attr 'unsafe-inline'`,
    `worker-src 'self'`,
    `object-src 'none'`,
    `base-uri 'self'`,
  ].join('; ')
}

const NONCED_TAG = /<(script|style|link)\b(?![^>]*\snonce=)([^>]*)>/gi

/** Adds `nonce` to the scripts, styles and stylesheet or preload links in `tags` (swerve's and unhead's tags only). */
export function withNonce(tags: string, nonce: string): string {
  return tags.replace(NONCED_TAG, (tag, name: string, attrs: string) => {
    if (name.toLowerCase() === 'link' && !/\srel="(?:stylesheet|modulepreload|preload)"/i.test(attrs)) return tag
    return `<${name}${attrs.replace(/\s*\/$/, '')} nonce="${nonce}">`
  })
}

/**
 * A prerendered page with a fresh nonce: the one it was rendered with (from its
 * `csp-nonce` meta) is replaced wherever swerve wrote it. Undefined for pages
 * rendered without one.
 */
export function renonce(html: string): { html: string, nonce: string } | undefined {
  const match = NONCE_META.exec(html)
  // Only swerve's own meta, in <head>: the page's body cannot name the nonce to replace.
  if (!match || match.index > html.indexOf('</head>')) return undefined
  const nonce = createNonce()
  return { html: html.split(`nonce="${match[1]}"`).join(`nonce="${nonce}"`), nonce }
}

/** A kept HTML answer (prerendered, `swr`) with a fresh nonce and its policy; as it was when it has none. */
export async function renonceResponse(response: Response): Promise<Response> {
  const html = await response.text()
  const page = renonce(html)
  const headers = new Headers(response.headers)
  if (page) headers.set('content-security-policy', contentSecurityPolicy(page.nonce))
  return new Response(page?.html ?? html, { status: response.status, statusText: response.statusText, headers })
}
