/**
 * @nuxt/fonts with a local font (docs/modules.md) in the page and the worker:
 * test/fixtures/modules-fonts, its font (every letter a wide box) in public/fonts.
 */
import type { Page } from '@playwright/test'
import { expect, test } from '../playwright/index.ts'
import { collectProblems } from './checks.ts'

/** Whether the page has the @font-face @nuxt/fonts added, and the font is loaded and used. */
async function fontState(page: Page) {
  return page.evaluate(async () => {
    await document.fonts.load('16px "Swerve Sans"')
    const faces = [...document.styleSheets].flatMap(sheet => [...sheet.cssRules]).filter((rule): rule is CSSFontFaceRule => rule instanceof CSSFontFaceRule)
    const width = (id: string) => document.querySelector(`[data-testid="${id}"]`)!.getBoundingClientRect().width
    const text = (id: string) => { const range = document.createRange(); range.selectNodeContents(document.querySelector(`[data-testid="${id}"]`)!); return range.getBoundingClientRect().width }
    return {
      faces: faces.map(rule => rule.style.getPropertyValue('font-family')),
      loaded: document.fonts.check('16px "Swerve Sans"'),
      // The font's boxes are far wider than the serif fallback's letters.
      wider: text('boxed') > 2 * text('plain') && width('plain') > 0,
    }
  })
}

test.describe('@nuxt/fonts with a local font', () => {
  test.use({ swerveApp: { root: './test/fixtures/modules-fonts' } })

  test('the @font-face rule is in the page\'s CSS and the font draws the text, online and offline from the worker', async ({ page, app, sw }) => {
    const problems = collectProblems(page)
    await page.goto(app.url())
    await sw.ready()
    await sw.hydrated()
    expect(await fontState(page)).toEqual({ faces: ['"Swerve Sans"'], loaded: true, wider: true })

    await sw.offline()
    const response = await page.reload()
    expect(response).toBeFromServiceWorker()
    await sw.hydrated()
    expect(await fontState(page)).toEqual({ faces: ['"Swerve Sans"'], loaded: true, wider: true })
    // The font file itself, answered by the worker with the network gone.
    expect(await page.evaluate(() => fetch('/fonts/SwerveSans-Regular.woff2', { cache: 'no-store' }).then(r => [r.status, r.headers.get('content-type')]))).toEqual([200, 'font/woff2'])
    expect(problems).toEqual([])
  })
})
