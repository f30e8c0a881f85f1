/**
 * @nuxt/ui 4 (docs/modules.md#nuxt-ui) in the page and the worker: test/fixtures/nuxt-ui, a
 * sign-up form with validation, a modal, toasts, a table with a filter and color mode, online
 * and then offline with every page rendered by the worker; hydration without a mismatch and
 * a quiet console throughout.
 */
import { expect, test } from '../playwright/index.ts'
import { collectProblems } from './checks.ts'

test.describe('@nuxt/ui 4', () => {
  test.use({ swerveApp: { root: './test/fixtures/nuxt-ui' } })
  // @nuxt/ui's build (about 120 templates, Tailwind over its theme) takes longer than most fixtures'.
  test.describe.configure({ timeout: 240_000 })

  test('the form validates and submits with a toast, the modal opens, the table filters, color mode switches: online, then offline from the worker', async ({ page, app, sw }) => {
    const problems = collectProblems(page)
    await page.goto(app.url())
    await sw.ready()
    await sw.hydrated()
    // The theme (primary violet from app.config) and app.rootAttrs' isolate on the root.
    await expect(page.locator('#app')).toHaveClass(/isolate/)
    await expect(page.getByTestId('title')).toHaveCSS('color', /oklch|rgb/)
    // <UButton> without `to` is a <button>, as on Nuxt.
    expect(await page.getByTestId('plain-button').evaluate(el => el.tagName)).toBe('BUTTON')
    await checkWidgets(page)

    await sw.offline()
    const response = await page.reload()
    expect(response).toBeFromServiceWorker()
    await sw.hydrated()
    await checkWidgets(page)
    // The table's page, rendered by the worker, and its filter.
    const people = await page.goto(app.url('/people'))
    expect(people).toBeFromServiceWorker()
    await sw.hydrated()
    await expect(page.getByTestId('table').locator('tbody tr')).toHaveCount(3)
    await page.getByTestId('filter').fill('gra')
    await expect(page.getByTestId('table').locator('tbody tr')).toHaveCount(1)
    await expect(page.getByTestId('table').locator('tbody')).toContainText('Admiral')
    // Color mode: the button switches it, and the worker's next render keeps it (no flash).
    const before = await page.locator('html').getAttribute('class')
    await page.getByTestId('color-mode-button').click()
    await expect(page.locator('html')).not.toHaveClass(before ?? '')
    const chosen = await page.getByTestId('color-mode').textContent()
    await page.reload()
    await sw.hydrated()
    await expect(page.getByTestId('color-mode')).toHaveText(chosen!)
    // The worker's page navigates in the client to the form.
    await page.getByTestId('home').click()
    await expect(page.getByTestId('title')).toHaveText('Sign up')
    expect(problems).toEqual([])
  })
})

async function checkWidgets(page: import('@playwright/test').Page): Promise<void> {
  // An invalid form shows its errors and no toast. Clicking submit blurs the email field, and
  // @nuxt/ui then validates that field alone, last: only its error shows (on Nuxt too).
  const age = page.locator('input[data-testid=age], [data-testid=age] input').first()
  await page.getByTestId('email').fill('ada')
  await page.getByTestId('submit').click()
  await expect(page.getByText('An email has an @')).toBeVisible()
  await expect(page.getByTestId('email')).toHaveAttribute('aria-invalid', 'true')
  // Submitted from the untouched age field (Enter), the whole form is validated: every field's
  // error shows, each under its own field.
  await age.press('Enter')
  await expect(page.getByTestId('email-field')).toContainText('An email has an @')
  await expect(page.getByTestId('age-field')).toContainText('From 18 years')
  await expect(page.getByTestId('joined')).toHaveText('')
  // Fixing one field leaves the other's error alone.
  await page.getByTestId('email').fill('ada@example.com')
  await age.fill('12')
  await age.press('Enter')
  await expect(page.getByTestId('age-field')).toContainText('From 18 years')
  await expect(page.getByText('An email has an @')).toHaveCount(0)
  await age.fill('36')
  await age.press('Enter')
  await expect(page.getByTestId('joined')).toHaveText('ada@example.com')
  await expect(page.getByText('ada@example.com joined', { exact: true })).toBeVisible()
  await expect(page.getByText('An email has an @')).toHaveCount(0)
  await expect(page.getByText('From 18 years')).toHaveCount(0)
  // The modal.
  await page.getByTestId('open-terms').click()
  await expect(page.getByTestId('terms-body')).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(page.getByTestId('terms-body')).toHaveCount(0)
  // A toast from a plain button.
  await page.getByTestId('plain-button').click()
  await expect(page.getByText('Saved for later', { exact: true })).toBeVisible()
}
