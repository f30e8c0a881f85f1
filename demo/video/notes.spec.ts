/**
 * A product demo of the notes app, recorded as a video: installed once, then the
 * network goes away, a note is written, edited and kept across the browser killing
 * the worker, and everything is still there when the network comes back.
 */
import type { Page } from '@playwright/test'
import { expect, test } from 'swerve/playwright'

test.use({ swerveApp: { root: new URL('..', import.meta.url).pathname } })

/** A beat for whoever watches the video. */
const beat = (page: Page, ms = 800) => page.waitForTimeout(process.env.DEMO_VIDEO === 'off' ? 0 : ms)

test('notes, offline', async ({ page, app, sw }, testInfo) => {
  await test.step('first visit: the page comes from the host and installs the worker', async () => {
    await page.goto(app.url())
    await sw.ready()
    await expect(page.getByTestId('offline-ready')).toBeVisible()
    await beat(page)
  })

  await test.step('the network goes away: every page still answers, from the worker', async () => {
    await sw.offline()
    const response = await page.reload()
    expect(response).toBeFromServiceWorker()
    await sw.hydrated()
    await expect(page.getByTestId('network')).toHaveText('Offline')
    await beat(page)
  })

  await test.step('a note written offline', async () => {
    const form = page.getByTestId('new-note')
    await form.getByLabel('Title').pressSequentially('Written on the train', { delay: 40 })
    await form.getByLabel('Note').pressSequentially('No signal, and the app does not care.', { delay: 25 })
    await form.getByRole('button', { name: 'Add note' }).click()
    await page.getByTestId('notes').getByRole('link', { name: 'Written on the train' }).click()
    await expect(page.getByTestId('note-body')).toHaveText('No signal, and the app does not care.')
    await beat(page)
  })

  await test.step('edited, still offline', async () => {
    await page.getByTestId('edit').click()
    await page.getByTestId('edit-note').getByLabel('Note').fill('No signal, and the app does not care. Saved in the browser.')
    await page.getByTestId('edit-note').getByRole('button', { name: 'Save' }).click()
    await expect(page.getByTestId('note-body')).toHaveText(/Saved in the browser/)
    await beat(page)
  })

  await test.step('the browser kills the worker; the next page starts it again, with the note', async () => {
    await sw.kill()
    await page.goto(app.url())
    await expect(page.getByTestId('notes').getByRole('link', { name: 'Written on the train' })).toBeVisible()
    // Where it lives: the worker's storage, as the app's useStorage('notes') sees it.
    expect(Object.values(await sw.storage('notes').dump())).toContainEqual(expect.objectContaining({ title: 'Written on the train' }))
    await beat(page)
  })

  await test.step('back online', async () => {
    await sw.online()
    await page.reload()
    await expect(page.getByTestId('network')).toHaveText('Online')
    await beat(page, 1200)
  })

  // Playwright writes the video there when the test ends (video: 'on').
  console.log(`The video: ${testInfo.outputPath('video.webm')}`)
})
