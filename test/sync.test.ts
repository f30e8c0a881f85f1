/** The origin's sync route (docs/sync.md): push and pull, last writer wins, conflicts, scope, bad bodies. */
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { after, before, describe, test, type TestContext } from 'node:test'
import betterSqliteConnector from 'db0/connectors/better-sqlite3'
import nodeSqliteConnector from 'db0/connectors/node-sqlite'
import postgresqlConnector from '../runtime/internals/db0.ts'
import { HTTPError, type EventHandler } from 'h3'
import { Miniflare } from 'miniflare'
import type { Driver } from 'unstorage'
import memoryDriver from 'unstorage/drivers/memory'
import redisDriver from 'unstorage/drivers/redis'
import { createServer } from '../runtime/server/app.ts'
import type { ServerPlugin, SwerveServer } from '../runtime/server/types.ts'
import { createClock, type SyncChange, type SyncResponse } from '../runtime/shared/sync-protocol.ts'
import { copyOf, startStandalone, workerCode } from './helpers.ts'
import { sqlStorage } from '../runtime/server/sql-storage.ts'
import { startD1 } from './d1.ts'
import { startPostgres, type PostgresServer } from './postgres.ts'
import { startRedis } from './redis.ts'

type Backend = 'memory' | 'redis' | 'sqlite' | 'postgresql' | 'd1'

/**
 * SQLite as db0 reaches it: better-sqlite3 on Node 20, Node's own `node:sqlite` from 22 on
 * (better-sqlite3 is native code built for one Node: `.ci/run`'s Node 24 tests use the other).
 */
const sqliteConnector = Number(process.versions.node.split('.')[0]) >= 22 ? nodeSqliteConnector : betterSqliteConnector

const config = { base: '/', dev: false, bodyLimit: 1024 * 1024, security: { checkOrigin: true, cspNonce: false }, runtimeConfig: { public: {} } }

interface Origin {
  server: SwerveServer
  push: (body: unknown, headers?: Record<string, string>) => Promise<Response>
  /** A push that must succeed: its answer. */
  sync: (cursor: string | null, changes?: SyncChange[], headers?: Record<string, string>) => Promise<SyncResponse>
}

function origin(options: { plugins?: ServerPlugin[], middleware?: EventHandler[], driver?: Driver, routes?: { route: string, method?: string, handler: EventHandler }[], limits?: { pageSize?: number, tombstoneDays?: number } } = {}): Origin {
  const server = createServer({
    plugins: (options.plugins ?? []).map((plugin, i) => ({ name: `p${i}`, plugin })),
    middleware: (options.middleware ?? []).map((handler, i) => ({ name: `m${i}`, handler })),
    routes: (options.routes ?? []).map(({ route, method, handler }) => ({ route, method, handler: async () => handler })),
    config,
    storage: { driver: options.driver, synced: ['notes'], syncLimits: options.limits },
  })
  const push = (body: unknown, headers: Record<string, string> = {}) => server.fetch(new Request('http://localhost/_swerve/sync/notes', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  }))
  return {
    server,
    push,
    async sync(cursor, changes = [], headers) {
      const response = await push({ v: 1, cursor, changes }, headers)
      assert.equal(response.status, 200, await response.clone().text())
      return await response.json() as SyncResponse
    },
  }
}

/** A device's clock: its stamps, in order. */
const device = (name: string) => createClock(name)

describe('the sync route', () => {
  test('a push lands in storage, another device pulls it, and a retried push changes nothing', async () => {
    const driver = memoryDriver()
    const { server, sync } = origin({ driver })
    const a = device('aaaa')
    const change = { key: 'welcome', value: { title: 'Hi' }, hlc: a.tick() }
    const first = await sync(null, [change])
    assert.deepEqual(first.changes, [], 'the pusher is not sent its own change back')
    assert.deepEqual(await server.storage.use('notes').getItem('welcome'), { title: 'Hi' })
    assert.deepEqual(await server.storage.use('notes').getKeys(), ['welcome'], 'change records are never listed to the app')

    const pulled = await sync(null)
    assert.deepEqual(pulled.changes, [change])

    // The same push again (a retry after a lost answer): nothing lands twice.
    const record = await driver.getItem('notes:#sync:welcome', {})
    assert.match(String(record), /"hlc"/)
    const again = await sync(first.cursor, [change])
    assert.deepEqual(again.changes, [])
    assert.equal(await driver.getItem('notes:#sync:welcome', {}), record, 'the record (and its stamp) is as it was')
  })

  test('the later stamp wins a key both devices changed; the loser is told the winner', async () => {
    const { server, sync } = origin()
    const a = device('aaaa')
    const b = device('bbbb')
    const early = { key: 'shared', value: 'from b', hlc: b.tick() }
    await new Promise(resolve => setTimeout(resolve, 2))
    const late = { key: 'shared', value: 'from a', hlc: a.tick() }
    await sync(null, [late])
    const answer = await sync(null, [early])
    assert.deepEqual(answer.changes.find(change => change.key === 'shared'), late)
    assert.equal(await server.storage.use('notes').getItem('shared'), 'from a')
  })

  test('deletes are tombstones: a device that had the key pulls the delete', async () => {
    const { server, sync } = origin()
    const a = device('aaaa')
    const { cursor } = await sync(null, [{ key: 'gone', value: 1, hlc: a.tick() }])
    const answer = await sync(null, [{ key: 'gone', deleted: true, hlc: a.tick() }])
    assert.equal(await server.storage.use('notes').hasItem('gone'), false)
    const other = await sync(cursor)
    assert.deepEqual(other.changes.map(({ key, deleted }) => ({ key, deleted })), [{ key: 'gone', deleted: true }])
    assert.ok(answer.cursor > cursor)
  })

  test('writes made at the origin (a server route) reach the devices', async () => {
    const { server, sync } = origin()
    const { cursor } = await sync(null)
    await server.storage.use('notes').setItem('from-origin', { by: 'route' })
    await server.storage.use('notes').removeItem('never-there')
    const answer = await sync(cursor)
    const change = answer.changes.find(c => c.key === 'from-origin')
    assert.deepEqual(change?.value, { by: 'route' })
  })

  test('a pull soon after another re-sends recent records only as they are now', async () => {
    const { sync } = origin()
    const a = device('aaaa')
    const { cursor } = await sync(null, [{ key: 'x', value: 1, hlc: a.tick() }])
    await new Promise(resolve => setTimeout(resolve, 5))
    // The overlap re-sends recent records; they are the current ones, so applying them changes nothing.
    const answer = await sync(cursor)
    assert.ok(answer.changes.every(change => change.key === 'x' && change.value === 1))
  })

  test('sync:conflict merges a key both sides changed; the merge reaches both', async () => {
    const seen: unknown[] = []
    const { server, sync } = origin({
      plugins: [s => void s.hooks.hook('sync:conflict', ({ key, local, remote }) => {
        seen.push(key)
        return { tags: [...new Set([...(local.value as { tags: string[] }).tags, ...(remote.value as { tags: string[] }).tags])].sort() }
      })],
    })
    const a = device('aaaa')
    const b = device('bbbb')
    const start = await sync(null, [{ key: 'n', value: { tags: ['x'] }, hlc: a.tick() }])
    // b pulled before a's second edit, then both changed the key.
    const bCursor = (await sync(start.cursor)).cursor
    await sync(start.cursor, [{ key: 'n', value: { tags: ['x', 'a'] }, hlc: a.tick() }])
    const answer = await sync(bCursor, [{ key: 'n', value: { tags: ['x', 'b'] }, hlc: b.tick() }])
    assert.deepEqual(seen, ['n'])
    assert.deepEqual(answer.changes.find(change => change.key === 'n')?.value, { tags: ['a', 'b', 'x'] })
    assert.deepEqual(await server.storage.use('notes').getItem('n'), { tags: ['a', 'b', 'x'] })
  })

  test('sync:scope confines a request to its user\'s keys', async () => {
    const { sync, push } = origin({
      plugins: [s => void s.hooks.hook('sync:scope', event => `${event.req.headers.get('x-user')}:`)],
    })
    const ann = device('aaaa')
    await sync(null, [{ key: 'ann:1', value: 'mine', hlc: ann.tick() }], { 'x-user': 'ann' })
    const bob = await sync(null, [], { 'x-user': 'bob' })
    assert.deepEqual(bob.changes, [], 'bob pulls none of ann\'s keys')
    const forged = await push({ v: 1, cursor: null, changes: [{ key: 'ann:1', value: 'bob was here', hlc: device('bbbb').tick() }] }, { 'x-user': 'bob' })
    assert.equal(forged.status, 403)
    assert.match((await forged.json()).message, /outside what this request may sync/)
    const annAgain = await sync(null, [], { 'x-user': 'ann' })
    assert.deepEqual(annAgain.changes.map(change => change.value), ['mine'])
  })

  test('middleware runs before the route: a 401 there and nothing lands', async () => {
    const { server, push } = origin({
      middleware: [(event) => {
        if (event.req.headers.get('authorization') !== 'Bearer ok') throw new HTTPError({ status: 401, statusText: 'Unauthorized', message: 'Sign in to sync.' })
      }],
    })
    const change = { key: 'k', value: 1, hlc: device('aaaa').tick() }
    const denied = await push({ v: 1, cursor: null, changes: [change] })
    assert.equal(denied.status, 401)
    assert.equal(await server.storage.use('notes').hasItem('k'), false)
    const allowed = await push({ v: 1, cursor: null, changes: [change] }, { authorization: 'Bearer ok' })
    assert.equal(allowed.status, 200)
    assert.equal(await server.storage.use('notes').getItem('k'), 1)
  })

  test('a stamp from a clock far ahead is replaced by the origin\'s, so it cannot win forever', async () => {
    const { server, sync } = origin()
    const future = createClock('ffff', () => Date.now() + 365 * 24 * 3600 * 1000)
    const answer = await sync(null, [{ key: 'k', value: 'v', hlc: future.tick() }])
    const stood = answer.changes.find(change => change.key === 'k')
    assert.ok(stood && Number(stood.hlc.slice(0, 13)) <= Date.now() + 1000, `stamp ${stood?.hlc}`)
    await new Promise(resolve => setTimeout(resolve, 2))
    await sync(null, [{ key: 'k', value: 'later', hlc: device('aaaa').tick() }])
    assert.equal(await server.storage.use('notes').getItem('k'), 'later', 'a write made after it wins')
  })

  test('malformed bodies answer 400 with a message and change nothing', async () => {
    const { server, push } = origin()
    const hlc = device('aaaa').tick()
    const cases: [unknown, RegExp][] = [
      ['{not json', /JSON/i],
      [[], /JSON object/],
      [{ v: 2, cursor: null, changes: [] }, /unsupported version 2/],
      [{ v: 1, cursor: 'yesterday', changes: [] }, /cursor/],
      [{ v: 1, cursor: null, changes: {} }, /changes must be an array/],
      [{ v: 1, cursor: null, changes: [{ key: '../etc/passwd', value: 1, hlc }] }, /changes\[0\]\.key/],
      [{ v: 1, cursor: null, changes: [{ key: '#sync:x', value: 1, hlc }] }, /changes\[0\]\.key/],
      [{ v: 1, cursor: null, changes: [{ key: 'ok', value: 1, hlc }, { key: 'ok2', value: 1, hlc: 'now' }] }, /changes\[1\]\.hlc/],
      [{ v: 1, cursor: null, changes: [{ key: 'ok', hlc }] }, /needs a value/],
      [{ v: 1, cursor: null, changes: [{ key: 'ok', value: 1, deleted: true, hlc }] }, /both a value and deleted/],
      [{ v: 1, cursor: null, changes: Array.from({ length: 1001 }, (_, i) => ({ key: `k${i}`, value: i, hlc })) }, /at most 1000/],
    ]
    for (const [body, message] of cases) {
      const response = await push(body)
      assert.equal(response.status, 400, `${JSON.stringify(body).slice(0, 80)} → ${response.status}`)
      assert.match((await response.json()).message, message)
    }
    assert.deepEqual(await server.storage.use().getKeys('notes'), [])
    const unknown = await server.fetch(new Request('http://localhost/_swerve/sync/secrets', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"v":1,"cursor":null,"changes":[]}' }))
    assert.equal(unknown.status, 404)
  })
})

describe('sync on Redis', () => {
  test('two servers on one Redis answer as one: a push through one is pulled through the other', async (t) => {
    const redis = await startRedis()
    t.after(() => redis.stop())
    const one = origin({ driver: redisDriver({ url: redis.url }) })
    const two = origin({ driver: redisDriver({ url: redis.url }) })
    t.after(() => Promise.all([one.server.close(), two.server.close()]))
    const a = device('aaaa')
    const changes = Array.from({ length: 50 }, (_, i) => ({ key: `note-${i}`, value: { i }, hlc: a.tick() }))
    await one.sync(null, changes)
    const pulled = await two.sync(null)
    assert.equal(pulled.changes.length, 50)
    assert.deepEqual(await two.server.storage.use('notes').getItem('note-7'), { i: 7 })
    assert.equal((await redis.client.keys('notes:note-*')).length, 50, 'Redis holds the values')
    // A delete through the second reaches a device pulling from the first.
    await two.sync(pulled.cursor, [{ key: 'note-0', deleted: true, hlc: a.tick() }])
    const after = await one.sync(pulled.cursor)
    assert.ok(after.changes.some(change => change.key === 'note-0' && change.deleted))
  })
})

/** Pulls from `cursor` until the origin has no more: every page, in order. */
async function pullAll(from: Origin, cursor: string | null): Promise<{ pages: SyncResponse[], cursor: string }> {
  const pages: SyncResponse[] = []
  for (let answer = await from.sync(cursor); ; answer = await from.sync(answer.cursor)) {
    pages.push(answer)
    if (!answer.more) return { pages, cursor: answer.cursor }
  }
}

describe('the change log: pages, compaction, landing', () => {
  let postgres: PostgresServer | undefined
  before(async () => { postgres = await startPostgres() })
  after(() => postgres?.stop())
  /** A backend for one test: each call of `driver()` is another process's connection to the same data. */
  async function backend(name: Backend, t: TestContext): Promise<() => Driver | undefined> {
    if (name === 'memory') return () => undefined
    if (name === 'redis') {
      const redis = await startRedis()
      t.after(() => redis.stop())
      return () => redisDriver({ url: redis.url })
    }
    if (name === 'sqlite') {
      const dir = mkdtempSync(join(tmpdir(), 'swerve-sqlite-'))
      t.after(() => rmSync(dir, { recursive: true, force: true }))
      return () => sqlStorage(sqliteConnector, { path: join(dir, 'sync.sqlite3') })
    }
    if (name === 'd1') {
      const d1 = await startD1()
      t.after(() => d1.stop())
      return () => sqlStorage(d1.connector)
    }
    const url = await postgres!.database()
    return () => sqlStorage(postgresqlConnector, { url })
  }

  for (const name of ['memory', 'redis', 'sqlite', 'postgresql', 'd1'] as const) {
    test(`${name}: a pull reads only what follows its cursor, a page of sync.pageSize at a time`, async (t) => {
      const driver = await backend(name, t)
      const one = origin({ driver: driver(), limits: { pageSize: 4 } })
      t.after(() => one.server.close())
      const a = device('aaaa')
      // An empty log answers a cursor a device can send back.
      assert.equal((await one.sync(null)).cursor, '0')
      await one.sync(null, Array.from({ length: 10 }, (_, i) => ({ key: `n${i}`, value: i, hlc: a.tick() })))
      const first = await pullAll(one, null)
      assert.deepEqual(first.pages.map(page => page.changes.length), [4, 4, 2])
      assert.deepEqual(first.pages.map(page => !!page.more), [true, true, false])
      // A push's keys land side by side: the log has them all, in the order they landed.
      assert.deepEqual(first.pages.flatMap(page => page.changes.map(change => change.key)).sort(), Array.from({ length: 10 }, (_, i) => `n${i}`))
      // Nothing new: an empty page at the same cursor.
      const idle = await one.sync(first.cursor)
      assert.deepEqual([idle.changes, idle.cursor, idle.more], [[], first.cursor, undefined])
      // One change: another device's pull gets only it (a key written again moves to the log's end).
      const pushed = await one.sync(first.cursor, [{ key: 'n3', value: 'changed', hlc: a.tick() }])
      assert.deepEqual(pushed.changes, [], 'the pushing device is not sent its own change')
      const next = await pullAll(one, first.cursor)
      assert.deepEqual(next.pages.flatMap(page => page.changes.map(change => [change.key, change.value])), [['n3', 'changed']])
      assert.deepEqual((await pullAll(one, next.cursor)).pages.flatMap(page => page.changes), [])
      // The values are in the base, as the server's own routes read them; a delete removes one.
      await one.sync(next.cursor, [{ key: 'n4', deleted: true, hlc: a.tick() }])
      const notes = one.server.storage.use('notes')
      assert.deepEqual([await notes.getItem('n3'), await notes.getItem('n4'), await notes.getItem('n5')], ['changed', null, 5])
    })
  }

  test('a winner sent back to a device that lost a push never hides a newer change landed meanwhile, and comes once', async (t) => {
    const driver = await backend('redis', t)
    let racing: (() => Promise<unknown>) | undefined
    // The conflict hook of another key in the same push is where a third device's change lands, through another process.
    const plugins: ServerPlugin[] = [({ hooks }) => {
      hooks.hook('sync:conflict', async () => {
        const race = racing
        racing = undefined
        await race?.()
      })
    }]
    const [one, two] = [origin({ driver: driver(), plugins }), origin({ driver: driver() })]
    t.after(() => Promise.all([one.server.close(), two.server.close()]))
    const [d, e, f, g] = [device('dddd'), device('eeee'), device('ffff'), device('gggg')]
    const older = d.tick()
    await one.sync(null, [{ key: 'k', value: 'from e', hlc: e.tick() }])
    const pulled = await pullAll(one, null)
    await one.sync(null, [{ key: 'l', value: 'from g', hlc: g.tick() }])
    const newest = f.tick()
    racing = () => two.sync(null, [{ key: 'k', value: 'from f', hlc: newest }])
    // d's change to k is older than e's: it loses, and is told the winner; f's lands meanwhile.
    const answer = await one.sync(pulled.cursor, [{ key: 'k', value: 'from d', hlc: older }, { key: 'l', value: 'from d', hlc: d.tick() }])
    assert.equal(racing, undefined, 'the race ran')
    const rest = await pullAll(one, answer.cursor)
    const received = [...answer.changes, ...rest.pages.flatMap(page => page.changes)].filter(change => change.key === 'k')
    const held = received.reduce<SyncChange | undefined>((best, change) => !best || best.hlc < change.hlc ? change : best, undefined)
    assert.equal(held?.hlc, newest, 'the device ends with the newest change')
    assert.equal(new Set(received.map(change => change.hlc)).size, received.length, 'no change comes twice')
  })

  for (const name of ['redis', 'sqlite', 'postgresql', 'd1'] as const) {
    test(`${name}: tombstones go after sync.tombstoneDays; a device older than that is told to resync, and its pull from the start no longer has the key`, async (t) => {
      const driver = await backend(name, t)
      const limits = { tombstoneDays: 50 / (24 * 60 * 60 * 1000) }
      const one = origin({ driver: driver(), limits })
      const a = device('aaaa')
      await one.sync(null, [{ key: 'kept', value: 1, hlc: a.tick() }, { key: 'gone', value: 2, hlc: a.tick() }])
      const b = await one.sync(null)
      await one.sync(b.cursor, [{ key: 'gone', deleted: true, hlc: a.tick() }])
      await one.server.close()
      await new Promise(resolve => setTimeout(resolve, 100))
      // A process that starts later compacts on its first sync.
      const two = origin({ driver: driver(), limits: { ...limits, pageSize: 1 } })
      t.after(() => two.server.close())
      const answer = await two.sync(b.cursor)
      assert.equal(answer.resync, true)
      // Replacing its copy, the device pulls from the start a page at a time, past the horizon.
      const keys: string[] = []
      for (let cursor: string | null = null, more = true; more;) {
        const page = await (await two.push({ v: 1, cursor, changes: [], resync: true })).json() as SyncResponse
        assert.equal(page.resync, undefined)
        keys.push(...page.changes.map(change => change.key))
        ;({ cursor, more } = { cursor: page.cursor, more: !!page.more })
      }
      assert.deepEqual(keys, ['kept'])
    })

    test(`${name}: a server route's write that a newer change beat (another process's, a device's clock ahead) leaves the base holding the winner`, async (t) => {
      const driver = await backend(name, t)
      const [one, two] = [origin({ driver: driver() }), origin({ driver: driver() })]
      t.after(() => Promise.all([one.server.close(), two.server.close()]))
      // A device whose clock runs 20 s ahead (within the skew allowed) writes through the first process…
      const ahead = createClock('aaaa', () => Date.now() + 20_000)
      await one.sync(null, [{ key: 'k', value: 'from the device', hlc: ahead.tick() }])
      // …then a route of the second process, whose clock has not seen that stamp, writes the key.
      await two.server.storage.use('notes').setItem('k', 'from a route')
      const pulled = (await two.sync(null)).changes.find(change => change.key === 'k')
      assert.equal(pulled?.value, 'from the device', 'the log keeps the newer stamp')
      for (const host of [one, two]) assert.equal(await host.server.storage.use('notes').getItem('k'), 'from the device', 'the base holds what the log says')
    })

    test(`${name}: two processes landing the same key at the same moment always leave the newer stamp, many times over`, async (t) => {
      const driver = await backend(name, t)
      const [one, two] = [origin({ driver: driver() }), origin({ driver: driver() })]
      t.after(() => Promise.all([one.server.close(), two.server.close()]))
      const [a, b] = [device('aaaa'), device('bbbb')]
      // D1 through Miniflare's proxy is slow to reach, and has one writer anyway.
      for (let i = 0; i < (name === 'd1' ? 40 : 200); i++) {
        const key = `k${i % 5}`
        const [older, newer] = [a.tick(), b.tick()].sort()
        const [first, second] = i % 2 ? [one, two] : [two, one]
        await Promise.all([first.sync(null, [{ key, value: `old ${i}`, hlc: older! }]), second.sync(null, [{ key, value: `new ${i}`, hlc: newer! }])])
        assert.equal(await one.server.storage.use('notes').getItem(key), `new ${i}`, `round ${i}`)
        assert.equal((await two.sync(null)).changes.find(change => change.key === key)?.hlc, newer, `round ${i}`)
      }
    })
  }
})

/**
 * Two hosts on one backend answer as one: a server route's write through `one` reaches a device
 * syncing through `two`, and that device's push through `two` is what `one`'s route lists.
 */
async function answerAsOne(one: typeof fetch, two: typeof fetch): Promise<void> {
  const json = { 'content-type': 'application/json' }
  assert.equal((await one('/api/notes/hello', { method: 'PUT', headers: json, body: JSON.stringify({ text: 'from one' }) })).status, 200)
  const pull = await two('/_swerve/sync/notes', { method: 'POST', headers: json, body: JSON.stringify({ v: 1, cursor: null, changes: [] }) })
  const answer = await pull.json() as SyncResponse
  assert.deepEqual(answer.changes.map(({ key, value }) => ({ key, value })), [{ key: 'hello', value: 'from one' }])
  const push = await two('/_swerve/sync/notes', { method: 'POST', headers: json, body: JSON.stringify({ v: 1, cursor: answer.cursor, changes: [{ key: 'pushed', value: 'from a device', hlc: device('dddd').tick() }] }) })
  assert.equal(push.status, 200, await push.clone().text())
  const listed = await (await one('/api/notes')).json()
  assert.deepEqual(listed, [{ id: 'hello', text: 'from one' }, { id: 'pushed', text: 'from a device' }])
}

const at = (origin: string): typeof fetch => (path, init) => fetch(`${origin}${path}`, init)

describe('a host on swerve.config storage', () => {
  test('two standalone processes on one Redis (SWERVE_STORAGE_NOTES_URL) answer as one; the worker carries no driver', async (t) => {
    const app = copyOf('sync')
    const result = await app.build({ preset: 'node', prerender: false })
    const worker = workerCode(result.publicDir)
    assert.doesNotMatch(worker, /redis:\/\/|ioredis/i, 'the storage options and the Redis client stay on the server')
    const redis = await startRedis()
    t.after(() => redis.stop())
    const env = { SWERVE_STORAGE_NOTES_URL: redis.url }
    const [one, two] = await Promise.all([startStandalone(result.serverDir, env), startStandalone(result.serverDir, env)])
    t.after(() => Promise.all([one.stop(), two.stop()]))
    await answerAsOne(at(one.origin), at(two.origin))
    assert.equal(await redis.client.get('hello'), 'from one', 'the base is on Redis (the driver\'s own key layout)')
  })

  test('two standalone processes on one PostgreSQL (db0, SWERVE_STORAGE_NOTES_URL) answer as one', async (t) => {
    const app = copyOf('sync')
    app.edit('swerve.config.ts', "notes: { driver: 'redis', url: 'redis://127.0.0.1:6379', sync: true }", "notes: { driver: 'db0', connector: 'postgresql', url: 'postgresql://localhost/notes', sync: true }")
    const result = await app.build({ preset: 'node', prerender: false })
    assert.doesNotMatch(workerCode(result.publicDir), /postgresql:\/\/|pg_type/i, 'the database client stays on the server')
    const postgres = await startPostgres()
    t.after(() => postgres.stop())
    const url = await postgres.database()
    const env = { SWERVE_STORAGE_NOTES_URL: url }
    const [one, two] = await Promise.all([startStandalone(result.serverDir, env), startStandalone(result.serverDir, env)])
    t.after(() => Promise.all([one.stop(), two.stop()]))
    await answerAsOne(at(one.origin), at(two.origin))
    const rows = await postgres.query(url, 'SELECT key, value FROM unstorage ORDER BY key')
    assert.deepEqual(rows, [{ key: 'hello', value: 'from one' }, { key: 'pushed', value: 'from a device' }], 'the values are in unstorage\'s table')
    assert.deepEqual((await postgres.query(url, 'SELECT key, seq FROM unstorage_sync ORDER BY seq')).map(row => row.key), ['hello', 'pushed'], 'the log beside them')
  })

  test('the Cloudflare preset syncs on D1 (workerd through Miniflare), and wrangler.json names the binding', async (t) => {
    const app = copyOf('sync')
    app.edit('swerve.config.ts', "notes: { driver: 'redis', url: 'redis://127.0.0.1:6379', sync: true }", "notes: { driver: 'db0', connector: 'cloudflare-d1', bindingName: 'NOTES_DB', sync: true }")
    const result = await app.build({ preset: 'cloudflare', prerender: false })
    const outDir = dirname(result.serverDir)
    const wrangler = JSON.parse(readFileSync(join(outDir, 'wrangler.json'), 'utf8'))
    assert.deepEqual(wrangler.d1_databases.map((entry: { binding: string }) => entry.binding), ['NOTES_DB'])
    const mf = new Miniflare({ modules: true, modulesRoot: outDir, scriptPath: join(outDir, 'server/index.mjs'), d1Databases: ['NOTES_DB'], compatibilityDate: '2025-09-01' })
    t.after(() => mf.dispose())
    // Miniflare's Request and Response are undici's: a plain copy of each.
    const worker: typeof fetch = async (path, init) => {
      const response = await mf.dispatchFetch(`http://localhost${path}`, { method: init?.method, headers: init?.headers as Record<string, string>, body: init?.body as string })
      return new Response(await response.text(), { status: response.status, headers: Object.fromEntries(response.headers) })
    }
    await answerAsOne(worker, worker)
    const d1 = await mf.getD1Database('NOTES_DB')
    assert.deepEqual((await d1.prepare('SELECT key FROM unstorage_sync ORDER BY seq').all()).results.map((row: Record<string, unknown>) => row.key), ['hello', 'pushed'])
  })
})

describe('storage in swerve.config', () => {
  test('an unknown driver, or a base that is no storage prefix, fails the build with the key that is wrong', async () => {
    const { loadConfig } = await import('../build/config.ts')
    const app = copyOf('sync')
    app.edit('swerve.config.ts', "driver: 'redis'", "driver: 'rediss'")
    await assert.rejects(loadConfig(app.root), /storage\["notes"\]: "rediss" is not an unstorage driver/)
    app.edit('swerve.config.ts', "notes: { driver: 'rediss'", "'assets:server': { driver: 'redis'")
    await assert.rejects(loadConfig(app.root), /storage\["assets:server"\]: a base is a storage prefix/)
  })
})
