/**
 * The package as a user gets it (docs/contributing.md): `npm pack`, installed from the tarball
 * into an empty folder, `swerve init`, `swerve build`, served, hydrated in Chromium; the app's
 * own `tsc` and a plain Node import of `swerve/server` work there.
 */
import { execFileSync, spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, test } from '@playwright/test'
import { startStandalone } from '../test/helpers.ts'

const repo = fileURLToPath(new URL('..', import.meta.url))

/** Starts `npx swerve <command>` on a free port, fetches the page it serves, and stops it. */
async function pageFrom(cwd: string, command: string): Promise<string> {
  const child = spawn('npx', ['swerve', command, '--port', '0'], { cwd, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
  try {
    let output = ''
    const url = await new Promise<string>((resolve, reject) => {
      const read = (chunk: Buffer) => {
        output += chunk
        const match = output.match(/on (http:\/\/[\d.:]+\/)/)
        if (match) resolve(match[1]!)
      }
      child.stdout.on('data', read)
      child.stderr.on('data', read)
      child.on('exit', code => reject(new Error(`swerve ${command} exited with ${code}: ${output}`)))
    })
    return await (await fetch(url)).text()
  } finally {
    // npx runs swerve in a child of its own: stop the whole group.
    process.kill(-child.pid!, 'SIGTERM')
  }
}

test('a tarball installs into an empty folder, inits, builds, serves a page that hydrates, and type-checks without swerve\'s sources', async ({ page }) => {
  test.setTimeout(300_000)
  const work = mkdtempSync(join(tmpdir(), 'swerve-pack-'))
  const app = join(work, 'app')
  const run = (command: string, args: string[], cwd = app) => execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CHROMIUM_PATH: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' } })
  try {
    // What `npm publish` would send: dist/ built afresh (as its `prepare` does), then packed.
    run('npm', ['run', 'build', '--silent'], repo)
    const [packed] = JSON.parse(run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], repo)) as Array<{ filename: string, files: Array<{ path: string }> }>
    const paths = packed!.files.map(file => file.path)
    expect(paths).toContain('dist/build/cli.mjs')
    expect(paths.filter(path => !/^(dist\/|package\.json$|README\.md$|LICENSE$)/.test(path))).toEqual([])
    // Dependencies are installed beside swerve, never copied into it (code or declarations).
    expect(paths.filter(path => path.includes('node_modules/'))).toEqual([])
    expect(paths.filter(path => path.endsWith('.ts') && !/\.d\.(m)?ts$/.test(path))).toEqual([])

    execFileSync('mkdir', [app])
    run('npm', ['install', '--prefer-offline', join(work, packed!.filename)])
    run('npx', ['swerve', 'init'])
    const pkg = JSON.parse(readFileSync(join(app, 'package.json'), 'utf8'))
    expect(pkg.dependencies.swerve).toMatch(/^file:/)
    expect(pkg.scripts.build).toBe('swerve build')
    expect(pkg.scripts.test).toBe('playwright test')
    // What the starter asks for beside swerve: @playwright/test and TypeScript.
    run('npm', ['install', '--prefer-offline'])

    const built = JSON.parse(run('npx', ['swerve', 'build', '--json']))
    expect(built.prerendered).toContain('/about')

    // The app's tsc (strict, skipLibCheck) reads swerve's declarations, never its sources.
    run('npx', ['swerve', 'prepare'])
    const files = run(process.execPath, [join(repo, 'node_modules/typescript/bin/tsc'), '--noEmit', '--listFilesOnly', '-p', 'tsconfig.json']).split('\n')
    expect(files.some(file => file.includes('/node_modules/swerve/dist/runtime/server/index.d.mts'))).toBe(true)
    expect(files.filter(file => file.includes('/node_modules/swerve/') && !/\.d\.m?ts$/.test(file))).toEqual([])
    run(process.execPath, [join(repo, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', 'tsconfig.json'])

    // A plain Node import: no TypeScript under node_modules.
    expect(run(process.execPath, ['--input-type=module', '-e', "const server = await import('swerve/server'); console.log(typeof server.defineHandler)"]).trim()).toBe('function')

    expect(await pageFrom(app, 'preview')).toContain('Hello from swerve')
    expect(await pageFrom(app, 'dev')).toContain('Hello from swerve')

    const server = await startStandalone(join(app, '.output/server'))
    try {
      await page.goto(`${server.origin}/`)
      await expect(page.locator('html[data-swerve-hydrated]')).toHaveCount(1)
      await expect(page.locator('h1')).toHaveText('Hello from swerve')
      await page.getByTestId('count').click()
      await expect(page.getByTestId('count')).toHaveText('Clicked 1 times')
      await page.evaluate(() => navigator.serviceWorker.ready)
      await page.getByRole('link', { name: 'About' }).click()
      await expect(page.locator('h1')).toHaveText('About')
    } finally {
      await server.stop()
    }

    // The starter's own test, as a user runs it: offline, a synced write, the server's copy.
    const tested = run('npm', ['test'])
    expect(tested).toMatch(/1 passed/)

    // Pinia 3 beside it, with its devtools' hookable@5 (where npm puts it depends on what came first;
    // test/resolve.test.ts holds the case where it is at the top). Its store renders (docs/ecosystem.md).
    run('npm', ['install', '--prefer-offline', 'pinia@3.0.4'])
    mkdirSync(join(app, 'app/stores'), { recursive: true })
    writeFileSync(join(app, 'app/stores/visits.ts'), "export const useVisits = defineStore('visits', { state: () => ({ count: 7 }) })\n")
    writeFileSync(join(app, 'app/pages/store.vue'), '<script setup lang="ts">\nconst visits = useVisits()\n</script>\n<template><p data-testid="visits">{{ visits.count }}</p></template>\n')
    const withPinia = JSON.parse(run('npx', ['swerve', 'build', '--json']))
    expect(withPinia.prerendered).toContain('/store')
    const storePage = readFileSync(join(app, '.output/public/store/index.html'), 'utf8')
    expect(storePage).toContain('<p data-testid="visits">7</p>')
    expect(storePage).toMatch(/"pinia":\d+/)
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
})
