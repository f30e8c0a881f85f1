/** Issue 6: the demo as a user meets it — notes that survive worker restarts, updates and the kill switch, offline. */
import type { Page } from '@playwright/test'
import { expect, test } from '../playwright/index.ts'
import { collectProblems, navigationSource, updateToKillSwitch } from './checks.ts'

test.use({ swerveApp: { root: './demo' } })

async function addNote(page: Page, title: string, body = '') {
  const form = page.getByTestId('new-note')
  await form.getByLabel('Title').fill(title)
  await form.getByLabel('Note').fill(body)
  await form.getByRole('button', { name: 'Add note' }).click()
  await expect(page.getByTestId('notes').getByRole('link', { name: title })).toBeVisible()
}

const noteTitles = (page: Page) => page.getByTestId('notes').locator('.note-title').allTextContents()

test('notes survive the browser killing the worker; the demo looks right', async ({ page, app, sw }, testInfo) => {
  const problems = collectProblems(page)
  await page.goto(app.url())
  await sw.ready()
  await page.reload()
  await addNote(page, 'Buy oat milk', 'And coffee beans.')
  await addNote(page, 'Call Ada', 'About the offline demo.')
  await sw.kill()
  const response = await page.reload()
  expect(response?.fromServiceWorker()).toBe(true)
  expect(await noteTitles(page)).toEqual(['Call Ada', 'Buy oat milk', 'Welcome to swerve notes'])
  await expect(page.getByTestId('network')).toHaveText('Online')
  await expect(page.getByTestId('offline-ready')).toBeVisible()

  // Search, in the page and rendered by the worker.
  await page.getByTestId('search').fill('ada')
  await expect.poll(() => noteTitles(page)).toEqual(['Call Ada'])
  await expect(page).toHaveURL(app.url('?q=ada'))
  await page.reload()
  expect(await noteTitles(page)).toEqual(['Call Ada'])
  await page.getByTestId('search').fill('')
  await expect.poll(() => noteTitles(page)).toHaveLength(3)

  const screenshot = testInfo.outputPath('demo.png')
  await page.screenshot({ path: screenshot, fullPage: true })
  await testInfo.attach('demo', { path: screenshot, contentType: 'image/png' })
  expect(problems).toEqual([])
})

test('every demo page hydrates without a warning', async ({ page, app, sw }) => {
  const problems = collectProblems(page)
  await page.goto(app.url())
  await sw.ready()
  for (const path of ['', 'about', 'notes/welcome', '?q=welcome']) {
    const response = await page.goto(app.url(path))
    expect(response?.fromServiceWorker(), path).toBe(true)
    await page.waitForLoadState('networkidle')
  }
  expect(problems).toEqual([])
})

test('about is prerender: true, answered from the precache with the security headers; the origin-only time fails clearly without a server', async ({ page, app, sw }) => {
  await page.goto(app.url())
  await sw.ready()
  await sw.kill()
  const about = await page.goto(app.url('about'))
  expect(about?.fromServiceWorker()).toBe(true)
  expect(await about!.text()).toContain('This page is <code')
  expect(about!.headers()['x-frame-options']).toBe('DENY')
  expect((await page.goto(app.url()))!.headers()['permissions-policy']).toBe('camera=(), microphone=(), geolocation=()')
  await page.goto(app.url('about'))
  await page.getByTestId('ask-origin').click()
  // A static host has no server: the worker sent the request on, and the host had no such file.
  await expect(page.getByTestId('origin-time')).toHaveText(/cannot be reached/)
  expect(app.requests).toContain('/api/origin/time')
})

test('50 concurrent creates leave 50 notes', async ({ page, app, sw }) => {
  await page.goto(app.url())
  await sw.ready()
  const statuses = await page.evaluate(() => Promise.all(Array.from({ length: 50 }, (_, i) =>
    fetch('/api/notes', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: `Note ${i}` }) }).then(r => r.status))))
  expect(statuses).toEqual(Array(50).fill(201))
  const titles = await page.evaluate(async () => (await (await fetch('/api/notes')).json()).map((n: { title: string }) => n.title))
  expect(titles.filter((t: string) => /^Note \d+$/.test(t)).sort()).toEqual(Array.from({ length: 50 }, (_, i) => `Note ${i}`).sort())
})

test('200 creates with the worker killed mid-batch leave exactly one note each; a retry with its key is answered, not run', async ({ page, app, sw }) => {
  await page.goto(app.url())
  await sw.ready()
  for (let round = 0; round < 3; round++) {
    const prefix = `Kill ${round}`
    // Each create as $fetch sends it: with an Idempotency-Key, kept for a retry.
    const sent = page.evaluate(prefix => Promise.all(Array.from({ length: 200 }, async (_, i) => {
      const key = crypto.randomUUID()
      const send = () => fetch('/api/notes', { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': key }, body: JSON.stringify({ title: `${prefix} ${i}` }) })
      const first = await send().then(r => r.status, () => 0)
      // A client retries what failed, with the same key.
      return first === 201 ? first : (await send()).status
    })), prefix)
    await page.waitForTimeout(20 + round * 40)
    await sw.kill()
    expect(await sent).toEqual(Array(200).fill(201))
    const titles: string[] = await page.evaluate(async () => (await (await fetch('/api/notes')).json()).map((n: { title: string }) => n.title))
    const mine = titles.filter(title => title.startsWith(`${prefix} `))
    expect(mine.length, `round ${round}: one note per request`).toBe(200)
    expect(new Set(mine).size).toBe(200)
  }
  // The same key again is the same answer, and no second note.
  const replay = await page.evaluate(async () => {
    const init = { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': 'fixed-key' }, body: JSON.stringify({ title: 'Once' }) }
    const first = await (await fetch('/api/notes', init)).json()
    const again = await fetch('/api/notes', init)
    const other = await fetch('/api/notes/welcome', { ...init, method: 'PUT' })
    const titles = (await (await fetch('/api/notes')).json()).map((n: { title: string }) => n.title)
    return { same: (await again.json()).id === first.id, status: again.status, other: other.status, count: titles.filter((t: string) => t === 'Once').length }
  })
  expect(replay).toEqual({ same: true, status: 201, other: 422, count: 1 })
})

test('offline: create, edit and delete a note, with no host at all', async ({ page, app, sw }) => {
  await page.goto(app.url())
  await sw.ready()
  await sw.offline()
  // The app hears the browser go offline. After a reload, what navigator.onLine reads differs
  // by browser build (Chromium 150 reads true again), so the test asserts what the app does.
  await expect(page.getByTestId('network')).toHaveText('Offline')
  expect((await page.reload())?.fromServiceWorker()).toBe(true)
  await addNote(page, 'Written offline', 'first draft')
  await page.getByRole('link', { name: 'Written offline' }).click()
  await expect(page.getByTestId('note-body')).toHaveText('first draft')
  await page.getByTestId('edit').click()
  await page.getByTestId('edit-note').getByLabel('Note').fill('second draft')
  await page.getByTestId('edit-note').getByRole('button', { name: 'Save' }).click()
  await expect(page.getByTestId('note-body')).toHaveText('second draft')
  const reloaded = await page.reload()
  expect(reloaded?.fromServiceWorker()).toBe(true)
  await expect(page.getByTestId('note-body')).toHaveText('second draft')
  await page.getByTestId('delete').click()
  await expect(page.locator('h1')).toHaveText('Notes')
  expect(await noteTitles(page)).toEqual(['Welcome to swerve notes'])
})

test('a page read again after a write shows it, whoever wrote it: the reads its render starts ahead are fresh', async ({ page, app, sw }) => {
  await page.goto(app.url())
  await sw.ready()
  // The first visit teaches the worker what the page reads; the next ones start those reads ahead.
  for (let i = 0; i < 2; i++) await page.goto(app.url('notes/welcome'))
  const note = await sw.storage('notes').get('welcome') as Record<string, unknown>

  const put = await sw.fetch('/api/notes/welcome', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: 'Changed through the API', body: 'one' }) })
  expect(put.status).toBe(200)
  await page.goto(app.url('notes/welcome'))
  await expect(page.locator('h1')).toHaveText('Changed through the API')

  // Straight into IndexedDB from the page: the worker hears nothing of it.
  await sw.storage('notes').set('welcome', { ...note, title: 'Changed in IndexedDB' })
  await page.goto(app.url('notes/welcome'))
  await expect(page.locator('h1')).toHaveText('Changed in IndexedDB')
  await sw.storage('notes').set('added', { ...note, id: 'added', title: 'Added in IndexedDB' })
  await page.goto(app.url())
  await page.goto(app.url())
  await sw.storage('notes').set('later', { ...note, id: 'later', title: 'Added later' })
  await page.goto(app.url())
  expect(await noteTitles(page)).toEqual(expect.arrayContaining(['Changed in IndexedDB', 'Added in IndexedDB', 'Added later']))
})

test('bad keys are a 400; a full store is a 507 with a message, and nothing hangs', async ({ page, app, sw }) => {
  await page.goto(app.url())
  await sw.ready()
  const badKey = await page.evaluate(async () => {
    const response = await fetch(`/api/notes/${'x'.repeat(600)}`)
    return { status: response.status, body: await response.json() }
  })
  expect(badKey.status).toBe(400)
  expect(badKey.body.message).toMatch(/Invalid storage key/)

  // Simulated failures inside the worker: IndexedDB throws what a full disk or a broken store throws.
  const [worker] = page.context().serviceWorkers()
  const workerLog: string[] = []
  worker.on('console', message => workerLog.push(message.text()))
  await worker.evaluate(() => {
    const scope = globalThis as unknown as { __put: unknown }
    scope.__put = IDBObjectStore.prototype.put
    IDBObjectStore.prototype.put = () => { throw new DOMException('The quota has been exceeded.', 'QuotaExceededError') }
  })
  const form = page.getByTestId('new-note')
  await form.getByLabel('Title').fill('Too much')
  await form.getByRole('button', { name: 'Add note' }).click()
  await expect(page.getByTestId('problem')).toHaveText('Storage is full: the write was not saved.')
  const full = await page.evaluate(async () => {
    const response = await fetch('/api/notes', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: 'more' }) })
    return { status: response.status, body: await response.json() }
  })
  expect(full).toEqual({ status: 507, body: { statusCode: 507, statusMessage: 'Insufficient Storage', status: 507, statusText: 'Insufficient Storage', message: 'Storage is full: the write was not saved.' } })
  // Writes of an unsafe request commit together at its end (docs/worker.md): the commit is what fails.
  expect(workerLog.join('\n')).toMatch(/\[swerve\] storage commit failed \(507\): QuotaExceededError/)

  await worker.evaluate(() => {
    const scope = globalThis as unknown as { __put: typeof IDBObjectStore.prototype.put, __transaction: unknown }
    IDBObjectStore.prototype.put = scope.__put
    scope.__transaction = IDBDatabase.prototype.transaction
    IDBDatabase.prototype.transaction = () => { throw new DOMException('Internal error opening backing store.', 'UnknownError') }
  })
  const unavailable = await page.evaluate(async () => {
    const response = await fetch('/api/notes')
    return { status: response.status, body: await response.json() }
  })
  expect(unavailable.status).toBe(503)
  expect(unavailable.body.message).toMatch(/^Storage is unavailable: Internal error opening backing store/)

  // Once the store works again, so does the app: nothing was lost, nothing is stuck.
  await worker.evaluate(() => {
    IDBDatabase.prototype.transaction = (globalThis as unknown as { __transaction: typeof IDBDatabase.prototype.transaction }).__transaction
  })
  await page.reload()
  expect(await noteTitles(page)).toEqual(['Welcome to swerve notes'])
})

test('notes survive an update to a new build and the kill switch', async ({ page, app, sw }) => {
  await page.goto(app.url())
  await sw.ready()
  await page.reload()
  await addNote(page, 'Kept across versions')

  await app.deploy({ files: { 'app/pages/about.vue': text => text.replace('About swerve', 'About swerve, v2') } })
  // The demo's own banner (updates: 'prompt'), as a visitor meets it.
  await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update())
  await expect(page.getByTestId('update-banner')).toBeVisible()
  await page.getByTestId('update').click()
  await page.waitForURL(app.url())
  await expect(page.getByTestId('update-banner')).toHaveCount(0)
  await page.goto(app.url('about'))
  await expect(page.locator('h1')).toHaveText('About swerve, v2')
  // The prerender page came from the new build's routed copy; the old build's copy is gone.
  expect(await navigationSource(page)).toBe('cache')
  expect(await page.evaluate(async () => (await caches.keys()).filter(name => name.startsWith('swerve-prerendered ')).length)).toBe(1)
  await page.goto(app.url())
  expect(await noteTitles(page)).toContain('Kept across versions')

  await updateToKillSwitch(page, () => app.deploy({ selfDestroy: true }))
  expect((await sw.storage('notes').keys()).length).toBe(2)
})
