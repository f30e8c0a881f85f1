/** The server's router: the app's routes on plain paths go into h3's router when first asked for. */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { defineHandler, H3, removeRoute, type EventHandler } from 'h3'
import { RoutesH3 } from '../runtime/internals/h3.ts'
import { addRoutes } from '../runtime/server/route-handlers.ts'
import type { RouteEntry } from '../runtime/server/types.ts'

const says = (name: string): EventHandler => defineHandler(event => `${name} ${event.req.method} ${JSON.stringify(event.context.params ?? {})}`)
const entry = (route: string, name: string, method?: string): RouteEntry => ({ route, method, handler: async () => says(name) })

/** The same routes on h3's own app and on RoutesH3, with plugin routes added after (and one route removed). */
function apps(remove: boolean) {
  return [new H3(), new RoutesH3()].map((app) => {
    app.get('/api/first', says('plugin-before'))
    addRoutes(app, '/', [
      entry('/api/first', 'file-first', 'GET'),
      entry('/api/items/i1', 'item-get', 'GET'),
      entry('/api/items/i1', 'item-post', 'POST'),
      entry('/api/items/:id', 'item-param', 'GET'),
      entry('/api/any', 'any'),
      entry('/api/gone', 'gone', 'GET'),
      entry('/feed.xml', 'feed', 'GET'),
      entry('/api/wild/**', 'wild', 'GET'),
      entry('/api/items/i1/deep', 'deep', 'GET'),
    ], (event, handler) => Promise.resolve(handler(event)))
    // After the file routes: a plugin's route on the same path and method, and on another method.
    app.get('/api/items/i1', says('plugin-same'))
    app.put('/api/items/i1', says('plugin-put'))
    app.get('/api/:section/other', says('section-other'))
    // h3's removeRoute makes its router again from the app's list of routes.
    if (remove) removeRoute(app, 'GET', '/api/gone')
    return app
  })
}

const REQUESTS: [string, string][] = [
  ['GET', '/api/first'], ['GET', '/api/items/i1'], ['HEAD', '/api/items/i1'], ['POST', '/api/items/i1'],
  ['PUT', '/api/items/i1'], ['DELETE', '/api/items/i1'], ['GET', '/api/items/i1/'], ['GET', '/api/items//i1'],
  ['GET', '/api/items/i1//'], ['GET', '/api/items/i2'], ['GET', '/API/items/i1'], ['GET', '/api/items/i1/deep'],
  ['GET', '/api/items/other'], ['PATCH', '/api/any'], ['GET', '/api/gone'], ['POST', '/api/gone'],
  ['GET', '/api/any/'], ['GET', '/feed.xml'], ['GET', '/api/wild/a/b'], ['GET', '/api/items'], ['GET', '/nowhere'],
]

async function answer(app: H3, method: string, path: string): Promise<string> {
  const response = await app.fetch(new Request(`http://localhost${path}`, { method }))
  return `${response.status} ${response.headers.get('allow') ?? ''} ${method === 'HEAD' ? '' : await response.text()}`
}

test('the app\'s routes answer every request as h3\'s router with all of them in it would', async () => {
  for (const remove of [false, true]) {
    // Each request first on fresh apps (nothing put in by an earlier one), then all in turn, both ways.
    for (const [method, path] of REQUESTS) {
      const [plain, deferred] = apps(remove)
      assert.equal(await answer(deferred!, method, path), await answer(plain!, method, path), `${method} ${path}, first`)
    }
    for (const order of [REQUESTS, [...REQUESTS].reverse()]) {
      const [plain, deferred] = apps(remove)
      for (const [method, path] of order) {
        assert.equal(await answer(deferred!, method, path), await answer(plain!, method, path), `${method} ${path}`)
      }
    }
  }
})

test('a route on a plain path goes into the router when its path is first asked for, and is listed from the start', async () => {
  const app = new RoutesH3()
  addRoutes(app, '/', [entry('/api/a', 'a', 'GET'), entry('/api/b', 'b', 'GET'), entry('/api/c/:id', 'c', 'GET')], (event, handler) => Promise.resolve(handler(event)))
  const inRouter = (path: string) => !!app['~rou3'].static[path]
  assert.deepEqual(app['~routes'].map(route => `${route.method} ${route.route}`), ['GET /api/a', ' /api/a', 'GET /api/b', ' /api/b', 'GET /api/c/:id', ' /api/c/:id'])
  assert.equal(inRouter('/api/a'), false)
  assert.match(await answer(app, 'GET', '/api/a'), /^200 {2}a GET/)
  assert.equal(inRouter('/api/a'), true)
  assert.equal(inRouter('/api/b'), false, 'another path stays out')
  assert.match(await answer(app, 'GET', '/api/c/7'), /^200 {2}c GET \{"id":"7"\}/)
  assert.equal(inRouter('/api/b'), false)
  await answer(app, 'GET', '/api//x')
  assert.equal(inRouter('/api/b'), true, 'a path with an empty segment puts them all in')
})
