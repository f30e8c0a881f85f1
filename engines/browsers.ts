/**
 * The other engines (docs/browsers.md): Debian's Firefox ESR over WebDriver BiDi
 * (puppeteer-core) and WebKitGTK's MiniBrowser over classic WebDriver (webdriverio and
 * WebKitWebDriver, on an Xvfb display). Playwright cannot drive either; both are driven
 * through one small interface so each scenario is written once.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { connect, createServer } from 'node:net'
import puppeteer from 'puppeteer-core'
import { remote } from 'webdriverio'

export type Engine = 'firefox' | 'webkit'

export const ENGINES: Engine[] = ['firefox', 'webkit']

const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr'
const MINIBROWSER = process.env.MINIBROWSER_PATH ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser'

export interface EnginePage {
  engine: Engine
  /** The browser's version, as it reports it. */
  version: string
  /** Loads `url` and waits for its load event. */
  goto: (url: string) => Promise<void>
  reload: () => Promise<void>
  /** Runs `fn` in the page with JSON `args`; an async `fn` is awaited. */
  evaluate: <A extends unknown[], T>(fn: (...args: A) => T | Promise<T>, ...args: A) => Promise<T>
  click: (selector: string) => Promise<void>
  /** Errors the page reported (its console's errors, uncaught exceptions), where the driver sees them (Firefox). */
  problems: string[]
  close: () => Promise<void>
}

/** A free TCP port on 127.0.0.1. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    }).on('error', reject)
  })
}

/** Resolves once something listens on `port` (a driver that is starting). */
async function listening(port: number, timeout = 10_000): Promise<void> {
  const end = Date.now() + timeout
  while (Date.now() < end) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => { socket.end(); resolve(true) }).on('error', () => resolve(false))
    })
    if (open) return
    await wait(100)
  }
  throw new Error(`WebKitWebDriver did not listen on ${port} within ${timeout} ms`)
}

/**
 * The page-side script for `fn(...args)`: its source, run as a function, its result awaited.
 * A test file's functions may call esbuild's `__name` helper (tsx keeps names): a no-op here.
 */
const scriptOf = (fn: (...args: never[]) => unknown, args: unknown[]) =>
  `(async () => { var __name = (f) => f; return await (${fn.toString()})(...${JSON.stringify(args)}) })()`

const wait = (ms: number) => new Promise(resolve => setTimeout(resolve, ms))

async function launchFirefox(): Promise<EnginePage> {
  const browser = await puppeteer.launch({ browser: 'firefox', executablePath: FIREFOX, headless: true, protocol: 'webDriverBiDi' })
  const page = await browser.newPage()
  const problems: string[] = []
  page.on('console', (message) => { if (message.type() === 'error') problems.push(`${message.text()} (${page.url()})`) })
  page.on('pageerror', error => problems.push(`${(error as Error).message} (${page.url()})`))
  return {
    engine: 'firefox',
    problems,
    version: await browser.version(),
    goto: async (url) => { await page.goto(url, { waitUntil: 'load' }) },
    reload: async () => { await page.reload({ waitUntil: 'load' }) },
    evaluate: (fn, ...args) => page.evaluate(scriptOf(fn, args)) as Promise<never>,
    click: selector => page.click(selector),
    close: () => browser.close(),
  }
}

/** One Xvfb display for the process's WebKit sessions, started on first use. */
let display: Promise<{ name: string, process: ChildProcess }> | undefined
function xDisplay(): Promise<{ name: string, process: ChildProcess }> {
  return display ??= (async () => {
    const name = `:${90 + Math.floor(Math.random() * 400)}`
    const xvfb = spawn('Xvfb', [name, '-screen', '0', '1280x800x24', '-nolisten', 'tcp'], { stdio: 'ignore' })
    xvfb.unref()
    for (let i = 0; i < 50 && !existsSync(`/tmp/.X11-unix/X${name.slice(1)}`); i++) await wait(100)
    return { name, process: xvfb }
  })()
}

/** Stops the X display the WebKit sessions used (end of the suite). */
export async function stopDisplay(): Promise<void> {
  if (!display) return
  const { process } = await display
  process.kill()
  display = undefined
}

async function launchWebKit(): Promise<EnginePage> {
  const { name } = await xDisplay()
  const port = await freePort()
  const driver = spawn('WebKitWebDriver', [`--port=${port}`], { env: { ...process.env, DISPLAY: name }, stdio: 'ignore' })
  try {
    await listening(port)
    const session = await remote({
      hostname: '127.0.0.1',
      port,
      path: '/',
      logLevel: 'error',
      connectionRetryCount: 0,
      capabilities: {
        'browserName': 'MiniBrowser',
        'wdio:enforceWebDriverClassic': true,
        'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] },
      } as WebdriverIO.Capabilities,
    })
    await session.setTimeout({ script: 30_000, pageLoad: 30_000 })
    return {
      engine: 'webkit',
      // Classic WebDriver reports no console.
      problems: [],
      version: String(session.capabilities.browserVersion),
      goto: async (url) => { await session.url(url) },
      reload: async () => { await session.refresh() },
      async evaluate(fn, ...args) {
        const result = await session.executeAsync(`const done = arguments[arguments.length - 1]; ${scriptOf(fn, args)}.then(value => done({ value }), error => done({ error: String(error && error.stack || error) }))`) as { value?: never, error?: string }
        if (result?.error) throw new Error(`in the page: ${result.error}`)
        return result?.value as never
      },
      click: async selector => (await session.$(selector)).click(),
      async close() {
        await session.deleteSession().catch(() => {})
        driver.kill()
      },
    }
  } catch (error) {
    driver.kill()
    throw error
  }
}

export function launch(engine: Engine): Promise<EnginePage> {
  return engine === 'firefox' ? launchFirefox() : launchWebKit()
}

/** Polls `check` in the page until it is truthy, or fails with `what` and the last value. */
export async function waitFor(page: EnginePage, check: () => unknown, what: string, timeout = 20_000): Promise<void> {
  const end = Date.now() + timeout
  let last: unknown
  while (Date.now() < end) {
    last = await page.evaluate(check).catch(error => `error: ${(error as Error).message}`)
    if (last === true) return
    await wait(150)
  }
  throw new Error(`${page.engine}: ${what} did not happen within ${timeout} ms (last: ${JSON.stringify(last)})`)
}
