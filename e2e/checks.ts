/** What swerve's e2e suite checks beyond swerve/playwright's fixtures: a quiet console, a kill switch's reload. */
import type { BrowserContext, Page } from '@playwright/test'
import { expect } from '@playwright/test'
import type { SwerveApp, SwerveWorker } from '../playwright/index.ts'

/** Console messages that signal a problem (errors, warnings, Vue hydration notes). */
export function collectProblems(page: Page): string[] {
  const problems: string[] = []
  page.on('console', (message) => {
    const text = message.text()
    const url = message.location().url
    // Chromium asks for /favicon.ico on documents without an icon (the JSON of an API
    // route opened as a page) outside the service worker, so offline it fails.
    if (url.endsWith('/favicon.ico')) return
    if (message.type() === 'error' || message.type() === 'warning' || /hydration/i.test(text)) problems.push(`${message.type()}: ${text} ${url}`)
  })
  page.on('pageerror', error => problems.push(`pageerror: ${error.message}`))
  page.on('requestfailed', (request) => {
    // ERR_ABORTED: a navigation cancelled the request (a favicon, a prefetch), not a failure.
    if (!request.url().endsWith('/favicon.ico') && request.failure()?.errorText !== 'net::ERR_ABORTED') problems.push(`failed: ${request.url()} ${request.failure()?.errorText}`)
  })
  page.on('response', (response) => {
    if (response.status() >= 400 && response.request().resourceType() !== 'document' && response.request().resourceType() !== 'fetch') {
      problems.push(`${response.status()}: ${response.url()}`)
    }
  })
  return problems
}

/**
 * Runs `buildKillSwitch`, asks the browser for the newest worker and waits until the kill
 * switch has unregistered and reloaded the page from the network. The browser may begin
 * that update by itself (it checks on navigation), so the reload can come before, during
 * or after the update call: a marker on the old document tells them apart.
 */
export async function updateToKillSwitch(page: Page, buildKillSwitch: () => Promise<unknown>): Promise<void> {
  const scope = await page.evaluate(async () => {
    (window as { beforeKillSwitch?: boolean }).beforeKillSwitch = true
    return (await navigator.serviceWorker.getRegistration())?.scope
  })
  await buildKillSwitch()
  await page.evaluate(async () => { await (await navigator.serviceWorker.getRegistration())?.update() }).catch(() => {})
  const reloaded = () => page.evaluate(() => !(window as { beforeKillSwitch?: boolean }).beforeKillSwitch && document.readyState === 'complete')
  await expect.poll(() => reloaded().catch(() => false), { timeout: 20_000 }).toBe(true)
  // The page, now from the network, is the killed build's: it removes the registration too, and never registers.
  const scopes = () => page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).map(r => r.scope)).catch(() => [scope])
  await expect.poll(scopes).not.toContain(scope)
}

/** What a tab sees of the worker of `scope` and the others: registered scopes, swerve caches, control. */
const leftIn = (page: Page, scope: string) => page.evaluate(async (scope) => ({
  scopes: (await navigator.serviceWorker.getRegistrations()).map(registration => registration.scope).sort(),
  // getRegistration() finds a registration getRegistrations() leaves out (one registered again while it was being removed).
  registration: await navigator.serviceWorker.getRegistration(scope).then(found => found?.scope === scope ? `active=${found.active?.state} waiting=${found.waiting?.state} installing=${found.installing?.state}` : 'none'),
  caches: (await caches.keys()).filter(name => name.startsWith('swerve')).map(name => name.slice(name.indexOf(' ') + 1)).sort(),
  controlled: navigator.serviceWorker.controller?.scriptURL === `${scope}sw.js`,
  loaded: document.readyState === 'complete',
}), scope).catch(error => ({ error: (error as Error).message }))

/**
 * Waits until the kill switch of `scope` is done as every tab in `pages` sees it: no
 * registration and no swerve cache of `scope` (those of `kept` scopes stay), and no tab
 * controlled by its worker. Then checks that it stays so: Chromium brought such a
 * registration back when a page registered `sw.js` while it was being removed (issue 51).
 */
export async function afterKillSwitch(pages: Page[], scope: string, kept: string[] = [], timeout = 20_000): Promise<void> {
  const done = { scopes: [...kept].sort(), registration: 'none', caches: [...kept].sort(), controlled: false, loaded: true }
  for (const page of pages) await expect.poll(() => leftIn(page, scope), { timeout, message: `the kill switch of ${scope}, seen from ${page.url()}` }).toEqual(done)
  await pages[0]!.waitForTimeout(2000)
  for (const page of pages) expect(await leftIn(page, scope), `2 s later, seen from ${page.url()}`).toEqual(done)
}

/** A blank page that only registers the worker: the fixtures without pages are installed through it. */
const REGISTER_PAGE = `<!DOCTYPE html><html><body><script>navigator.serviceWorker.register('sw.js', { scope: './' })</script></body></html>`

/** Installs the app's worker from a blank page of the host's and waits until it controls the page. */
export async function installWorker(page: Page, app: SwerveApp, sw: SwerveWorker): Promise<void> {
  app.route(`${app.base()}__register`, () => new Response(REGISTER_PAGE, { headers: { 'content-type': 'text/html' } }))
  await page.goto(app.url('__register'))
  await sw.ready()
}

/**
 * What answered the page's navigation, as Chromium's Navigation Timing reports it: `cache` when
 * its static routing did, from Cache Storage without the worker (docs/routing.md), and ''
 * when the worker's fetch handler did.
 */
export const navigationSource = (page: Page) => page.evaluate(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming & { workerFinalSourceType: string }).workerFinalSourceType)

/** A device: a browser context with the app open, its worker in control. */
export async function openDevice(context: BrowserContext, origin: string): Promise<Page> {
  const page = await context.newPage()
  await page.goto(`${origin}/`)
  await page.waitForFunction(() => !!navigator.serviceWorker?.controller, undefined, { timeout: 20_000 })
  await page.locator('html[data-swerve-hydrated]').waitFor({ state: 'attached' })
  return page
}
