/** useStorage (docs/guide.md) on the memory and file drivers, and its errors. */
import assert from 'node:assert/strict'
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, test } from 'node:test'
import { fsStorage } from '../presets/node/fs-storage.ts'
import memoryDriver from 'unstorage/drivers/memory'
import { defineDriver } from 'unstorage'
import { createServerStorage } from '../runtime/server/storage.ts'
import type { StorageOptions, SwerveStorage } from '../runtime/server/types.ts'
import { tempDir } from './helpers.ts'

/** What `useStorage(base)` returns inside a server whose host gave it `options`. */
let useStorage: (base?: string) => SwerveStorage
const setStorage = (options: StorageOptions) => { useStorage = createServerStorage(options).use }

const drivers = {
  memory: () => memoryDriver(),
  file: () => fsStorage({ base: tempDir('swerve-kv-') }),
}

for (const [name, make] of Object.entries(drivers)) {
  describe(`useStorage on the ${name} driver`, () => {
    test('set, get, has, keys, remove, clear, with base namespaces', async () => {
      setStorage({ driver: make() })
      const notes = useStorage('notes')
      await notes.setItem('a', { title: 'A', tags: ['x'] })
      await notes.setItem('b', 'plain')
      await useStorage('other').setItem('c', 1)
      assert.deepEqual(await notes.getItem('a'), { title: 'A', tags: ['x'] })
      assert.equal(await notes.getItem('b'), 'plain')
      assert.equal(await notes.hasItem('a'), true)
      assert.equal(await notes.getItem('missing'), null)
      assert.deepEqual((await notes.getKeys()).sort(), ['a', 'b'])
      assert.deepEqual((await useStorage().getKeys('notes')).sort(), ['notes:a', 'notes:b'])
      await notes.removeItem('a')
      assert.equal(await notes.hasItem('a'), false)
      await notes.clear()
      assert.deepEqual(await notes.getKeys(), [])
      assert.equal(await useStorage('other').getItem('c'), 1)
    })

    test('50 concurrent writes keep 50 items', async () => {
      setStorage({ driver: make() })
      const items = useStorage('items')
      await Promise.all(Array.from({ length: 50 }, (_, i) => items.setItem(`item-${i}`, { i })))
      assert.equal((await items.getKeys()).length, 50)
    })
  })
}

test('the file driver writes under its base folder', async () => {
  const base = tempDir('swerve-kv-')
  setStorage({ driver: fsStorage({ base }) })
  await useStorage('notes').setItem('n1', { ok: true })
  assert.deepEqual(readdirSync(join(base, 'notes')), ['n1'])
})

test('assets:server reads bundled server/assets files, read-only', async () => {
  setStorage({ driver: memoryDriver(), assets: { 'greeting.txt': 'hello', 'data/list.json': '[1,2]' } })
  assert.equal(await useStorage('assets:server').getItem('greeting.txt'), 'hello')
  assert.deepEqual(await useStorage('assets:server').getItem('data:list.json'), [1, 2])
  assert.deepEqual((await useStorage('assets:server').getKeys()).sort(), ['data:list.json', 'greeting.txt'])
  await assert.rejects(useStorage('assets:server').setItem('x', 'y'), (error: any) => /read-only/.test(error.message))
})

test('keys may hold what URLs and e-mail addresses do (%, +, @), as unstorage accepts them; raw values round-trip', async () => {
  setStorage({ driver: memoryDriver() })
  const storage = useStorage('users')
  for (const key of ['ada+test@example.com', 'caf%C3%A9', "o'brien(1)", 'a,b;c=d']) {
    await storage.setItem(key, { key })
    assert.deepEqual(await storage.getItem(key), { key }, key)
  }
  await storage.setItemRaw('avatar', new Uint8Array([1, 2, 255]))
  assert.deepEqual([...(await storage.getItemRaw<Uint8Array>('avatar'))!], [1, 2, 255])
})

test('invalid keys are a 400', async () => {
  setStorage({ driver: memoryDriver() })
  for (const key of ['', '../etc/passwd', 'a b', 'x'.repeat(600), 'a::b', 42 as unknown as string]) {
    await assert.rejects(useStorage('notes').getItem(key), (error: any) => error.status === 400 && /Invalid storage key/.test(error.message), String(key))
  }
})

const failing = (error: Error, hang = false) => defineDriver(() => ({
  name: 'failing',
  hasItem: async () => { throw error },
  getItem: async () => { throw error },
  setItem: () => hang ? new Promise<void>(() => {}) : Promise.reject(error),
  getKeys: async () => { throw error },
}))({})

test('a full store is a 507, an unavailable one a 503, a stuck one a 503 after the timeout', async () => {
  setStorage({ driver: failing(Object.assign(new Error('The quota has been exceeded.'), { name: 'QuotaExceededError' })) })
  await assert.rejects(useStorage('n').setItem('a', 1), (error: any) => error.status === 507 && /full/.test(error.message))
  setStorage({ driver: failing(Object.assign(new Error('Internal error opening backing store'), { name: 'UnknownError' })) })
  await assert.rejects(useStorage('n').getItem('a'), (error: any) => error.status === 503 && /unavailable/.test(error.message))
  setStorage({ driver: failing(new Error('never'), true), timeout: 50 })
  await assert.rejects(useStorage('n').setItem('a', 1), (error: any) => error.status === 503 && /no answer within/.test(error.message))
  setStorage({ driver: memoryDriver(), timeout: 10_000 })
})

test('a driver that hands an error back as its value is a 503, not a value', async () => {
  const error = Object.assign(new Error('EMFILE: too many open files'), { code: 'EMFILE' })
  setStorage({ driver: defineDriver(() => ({ name: 'errors-as-values', hasItem: async () => true, getItem: async () => error as never, getKeys: async () => [] }))({}) })
  await assert.rejects(useStorage('n').getItem('a'), (e: any) => e.status === 503 && /too many open files/.test(e.message))
})

describe('the file driver', () => {
  test('a key with a value where its folder would be is absent when read, a 409 when written, and no message names a path', async () => {
    const base = tempDir('swerve-kv-')
    setStorage({ driver: fsStorage({ base }) })
    const notes = useStorage('notes')
    await notes.setItem('welcome', { title: 'hi' })
    assert.equal(await notes.getItem('welcome:x'), null)
    assert.equal(await notes.hasItem('welcome:x'), false)
    await notes.removeItem('welcome:x')
    await assert.rejects(notes.setItem('welcome:x', 1), (e: any) => e.status === 409 && !e.message.includes(base))
    await notes.setItem('folder:inner', 1)
    assert.equal(await notes.getItem('folder'), null)
    await assert.rejects(notes.setItem('folder', 1), (e: any) => e.status === 409 && !e.message.includes(base))
    assert.deepEqual((await notes.getKeys()).sort(), ['folder:inner', 'welcome'])
    assert.deepEqual(readdirSync(join(base, 'notes')).sort(), ['folder', 'welcome'], 'no temporary file is left')
  })

  test('lists 200,000 keys, and only those under the asked base', async () => {
    const base = tempDir('swerve-kv-')
    for (let folder = 0; folder < 20; folder++) {
      mkdirSync(join(base, 'many', `f${folder}`), { recursive: true })
      for (let i = 0; i < 10_000; i++) writeFileSync(join(base, 'many', `f${folder}`, `k${i}`), '1')
    }
    mkdirSync(join(base, 'few'))
    writeFileSync(join(base, 'few', 'one'), '1')
    setStorage({ driver: fsStorage({ base }) })
    assert.equal((await useStorage('many').getKeys()).length, 200_000)
    assert.deepEqual(await useStorage('few').getKeys(), ['one'])
  })
})
