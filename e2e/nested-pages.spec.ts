/**
 * Nested pages and page keys (docs/routing.md#nested-pages), in the page: the nested fixture
 * (test/fixtures/nested) rendered by Node, then offline by the worker. A child navigation
 * keeps the parent's instance; a child re-mounts when its key changes (its params by
 * default, `definePageMeta({ key })` otherwise).
 */
import type { Page } from '@playwright/test'
import { expect, test } from '../playwright/index.ts'
import { collectProblems } from './checks.ts'

test.use({ swerveApp: { root: './test/fixtures/nested', preset: 'node' } })

/** Child navigations from the parent's index page: what stays and what mounts again. */
async function navigateChildren(page: Page) {
  await expect(page.getByTestId('child')).toHaveText('Parent/index')
  await expect(page.getByTestId('layout')).toHaveAttribute('data-layout', 'shelf')
  await page.getByTestId('parent-clicks').click()
  await expect(page.getByTestId('parent-clicks')).toHaveText('clicks 1')
  await page.getByTestId('nav-b').click()
  await expect(page.getByTestId('meta')).toHaveText('from the parent / B title / stamped /parent/b')
  // The param child: mounted once per :id, while the parent keeps its state.
  await page.getByTestId('nav-1').click()
  await expect(page.getByTestId('id')).toHaveText('Child 1')
  await expect(page.getByTestId('id-mounts')).toHaveText('child mounted 1')
  await page.getByTestId('nav-2').click()
  await expect(page.getByTestId('id')).toHaveText('Child 2')
  await expect(page.getByTestId('id-mounts')).toHaveText('child mounted 2')
  // The grandchild renders inside the same child: same :id, same key, no new mount.
  await page.getByTestId('nav-details').click()
  await expect(page.getByTestId('details')).toHaveText('Details of 2 (stamped /parent/2/details)')
  await expect(page.getByTestId('id-mounts')).toHaveText('child mounted 2')
  await expect(page.getByTestId('details-mounts')).toHaveText('details mounted 1')
  // The [id] page's <NuxtPage :page-key> keys its child by ?v=: a new query mounts the grandchild again.
  await page.getByTestId('nav-details-v1').click()
  await expect(page.getByTestId('details-mounts')).toHaveText('details mounted 2')
  await expect(page.getByTestId('id-mounts')).toHaveText('child mounted 2')
  // key: 'static' keeps the instance across params; key: route => route.fullPath follows the query.
  await page.getByTestId('nav-static-1').click()
  await expect(page.getByTestId('static')).toHaveText('Static 1')
  await page.getByTestId('nav-static-2').click()
  await expect(page.getByTestId('static')).toHaveText('Static 2')
  await expect(page.getByTestId('static-mounts')).toHaveText('static mounted 1')
  await page.getByTestId('nav-full-a').click()
  await expect(page.getByTestId('full-mounts')).toHaveText('full mounted 1')
  await page.getByTestId('nav-full-a2').click()
  await expect(page.getByTestId('full-mounts')).toHaveText('full mounted 2')
  await expect(page.getByTestId('parent-clicks')).toHaveText('clicks 1')
  await expect(page.getByTestId('parent-mounts')).toHaveText('parent mounted 1')
  await page.getByTestId('nav-home').click()
  await expect(page.getByTestId('layout')).toHaveAttribute('data-layout', 'default')
}

test('nested pages render and navigate online from Node and offline from the worker, with a quiet console', async ({ page, app, sw }) => {
  const problems = collectProblems(page)
  const first = await page.goto(app.url('parent'))
  expect(first).not.toBeFromServiceWorker()
  await sw.ready()
  await sw.hydrated()
  await navigateChildren(page)

  await sw.offline()
  const grandchild = await page.goto(app.url('parent/5/details'))
  expect(grandchild).toBeFromServiceWorker()
  await sw.hydrated()
  await expect(page.getByTestId('details')).toHaveText('Details of 5 (stamped /parent/5/details)')
  await expect(page.getByTestId('id')).toHaveText('Child 5')
  const parent = await page.goto(app.url('parent'))
  expect(parent).toBeFromServiceWorker()
  await sw.hydrated()
  await navigateChildren(page)
  // A group folder and definePageMeta's path, alias and redirect, offline.
  expect(await page.goto(app.url('about'))).toBeFromServiceWorker()
  await expect(page.getByTestId('groups')).toHaveText('extras')
  await page.goto(app.url('i'))
  await expect(page.getByTestId('route')).toHaveText('/i information')
  await page.goto(app.url('old'))
  await expect(page.getByTestId('route')).toHaveText('/parent/b parent-b')
  expect(problems).toEqual([])
})

test('page hooks, keepalive and page transitions between pages that ask for them', async ({ page, app, sw }) => {
  const problems = collectProblems(page)
  await page.goto(app.url('kept-a'))
  await sw.ready()
  await sw.hydrated()
  const counts = async () => (await page.getByTestId('hooks').textContent())!.split(' ').map(Number)
  await expect.poll(async () => (await counts())[1]).toBeGreaterThan(0)
  const [start, finish] = await counts()
  await page.getByTestId('kept-a').click()
  await page.getByTestId('kept-a').click()
  await page.getByTestId('nav-kept-b').click()
  await expect(page.getByTestId('kept-b')).toHaveText('kept b 0')
  // The leaving page faded out: page:transition:finish; the new one went through its Suspense.
  await expect.poll(async () => (await counts())[2]).toBe(1)
  await expect.poll(async () => (await counts())[0]).toBeGreaterThan(start!)
  await expect.poll(async () => (await counts())[1]).toBeGreaterThan(finish!)
  await page.getByTestId('nav-kept-a').click()
  await expect(page.getByTestId('kept-a')).toHaveText('kept a 2')
  // A page that does not ask to be kept starts again.
  await page.getByTestId('nav-parent').click()
  await page.getByTestId('parent-clicks').click()
  await page.getByTestId('nav-kept-a').click()
  await page.getByTestId('nav-parent').click()
  await expect(page.getByTestId('parent-clicks')).toHaveText('clicks 0')
  expect(problems).toEqual([])
})

