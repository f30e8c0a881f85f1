/** App plugins (docs/guide.md): enforce, dependsOn, parallel, hooks, provide — on runPlugins directly. */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createApp } from 'vue'
import { createHooks } from 'hookable'
import type { SwerveApp } from '../runtime/app/context.ts'
import { defineAppPlugin, runPlugins, type AppPlugin } from '../runtime/app/plugins.ts'

function fakeApp(): SwerveApp {
  const app = { vueApp: createApp({}), hooks: createHooks(), provide(name: string, value: unknown) { (app as any)[`$${name}`] = value } }
  return app as unknown as SwerveApp
}
const tick = (ms: number) => new Promise(resolve => setTimeout(resolve, ms))
const named = (entries: [string, AppPlugin][]) => entries.map(([name, plugin]) => ({ name, plugin }))

test('enforce: pre plugins run first and post plugins last, file order otherwise', async () => {
  const order: string[] = []
  const make = (name: string, enforce?: 'pre' | 'post') => defineAppPlugin({ enforce, setup: () => { order.push(name) } })
  await runPlugins(fakeApp(), named([['a', make('a', 'post')], ['b', make('b')], ['c', make('c', 'pre')], ['d', make('d')]]))
  assert.deepEqual(order, ['c', 'b', 'd', 'a'])
})

test('a plain async plugin finishes before the next starts', async () => {
  const order: string[] = []
  await runPlugins(fakeApp(), named([
    ['slow', defineAppPlugin(async () => { await tick(20); order.push('slow') })],
    ['next', defineAppPlugin(() => { order.push('next') })],
  ]))
  assert.deepEqual(order, ['slow', 'next'])
})

test('parallel plugins run together; dependsOn waits for the named ones, even later ones', async () => {
  const order: string[] = []
  await runPlugins(fakeApp(), named([
    ['needs-late', defineAppPlugin({ dependsOn: ['late'], setup: () => { order.push('needs-late') } })],
    ['p1', defineAppPlugin({ parallel: true, setup: async () => { order.push('p1 start'); await tick(30); order.push('p1 end') } })],
    ['p2', defineAppPlugin({ parallel: true, setup: async () => { order.push('p2 start'); await tick(5); order.push('p2 end') } })],
    ['late', defineAppPlugin(async () => { await tick(1); order.push('late') })],
  ]))
  assert.deepEqual(order.slice(0, 2), ['p1 start', 'p2 start'])
  assert.ok(order.indexOf('late') < order.indexOf('needs-late'))
  assert.ok(order.indexOf('p2 end') < order.indexOf('p1 end'))
  assert.equal(order.length, 6)
})

test('hooks in the plugin object are registered, and provide is reachable as app.$name', async () => {
  const app = fakeApp()
  const seen: string[] = []
  await runPlugins(app, named([['h', defineAppPlugin({ hooks: { 'app:created': () => { seen.push('created') } }, setup: () => ({ provide: { double: (n: number) => n * 2 } }) })]]))
  await app.hooks.callHook('app:created', app)
  assert.deepEqual(seen, ['created'])
  assert.equal((app.$double as (n: number) => number)(21), 42)
})

test('an unknown dependsOn and a cycle are clear errors', async () => {
  await assert.rejects(runPlugins(fakeApp(), named([['a', defineAppPlugin({ dependsOn: ['ghost'], setup() {} })]])), /"a" depends on "ghost", which does not exist/)
  await assert.rejects(runPlugins(fakeApp(), named([
    ['a', defineAppPlugin({ name: 'a', dependsOn: ['b'], setup() {} })],
    ['b', defineAppPlugin({ name: 'b', dependsOn: ['a'], setup() {} })],
  ])), /cycle: a → b → a/)
})
