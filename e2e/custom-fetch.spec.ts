/**
 * test/fixtures/custom-fetch in Chromium: a plugin's `$api = $fetch.create(...)` through
 * useFetch, online and offline, rendered by the worker and in the page; a 401 goes to /login.
 */
import { expect, test } from '../playwright/index.ts'
import { collectProblems } from './checks.ts'

test.use({ swerveApp: { root: './test/fixtures/custom-fetch' } })

/** The console's problems but the 401s this app asks for (Chromium logs each failed fetch). */
const unexpected = (problems: string[]) => problems.filter(problem => !/status of 401/.test(problem))

test('signed out, a 401 sends to /login; signed in, the token goes along; online and offline, in the worker and in the page', async ({ page, app, sw }) => {
  const problems = collectProblems(page)
  await page.goto(app.url())
  await sw.ready()
  await sw.hydrated()

  // In the page: the client navigation's useFetch gets a 401 from the worker, onResponseError navigates.
  await page.getByTestId('nav-notes').click()
  await expect(page).toHaveURL(app.url('login'))
  await expect(page.getByTestId('title')).toHaveText('Sign in')

  // Signing in sets the cookie; onRequest sends it as a header from then on.
  await page.getByTestId('sign-in').click()
  await expect(page).toHaveURL(app.url('notes'))
  await expect(page.getByTestId('notes')).toHaveText("ada's first noteada's second note")
  await expect(page.getByTestId('client')).toHaveText('api-plugin')

  // Rendered by the worker online: the plugin's $api runs there in-process with the cookie.
  const online = await page.goto(app.url('profile'))
  expect(online).toBeFromServiceWorker()
  await expect(page.getByTestId('name')).toHaveText('Ada Lovelace')
  await sw.hydrated()

  await sw.offline()
  const notes = await page.goto(app.url('notes'))
  expect(notes).toBeFromServiceWorker()
  await sw.hydrated()
  await expect(page.getByTestId('notes')).toHaveText("ada's first noteada's second note")
  await page.getByTestId('nav-profile').click()
  await expect(page.getByTestId('name')).toHaveText('Ada Lovelace')
  // useFetch's own baseURL and interceptors, and useRequestFetch().create, in the page.
  await page.getByTestId('nav-inline').click()
  await expect(page.getByTestId('count')).toHaveText('2')
  await expect(page.getByTestId('me')).toHaveText('ada')
  await expect(page.getByTestId('seen')).toHaveText('onResponse 200')

  // Signed out, offline: the worker's render redirects to /login, and so does a client navigation.
  await page.goto(app.url('login'))
  await sw.hydrated()
  await page.getByTestId('sign-out').click()
  const redirected = await page.goto(app.url('profile'))
  expect(redirected).toBeFromServiceWorker()
  await expect(page).toHaveURL(app.url('login'))
  await sw.hydrated()
  await page.getByTestId('nav-notes').click()
  await expect(page).toHaveURL(app.url('login'))
  await expect(page.getByTestId('title')).toHaveText('Sign in')
  expect(unexpected(problems)).toEqual([])
})
