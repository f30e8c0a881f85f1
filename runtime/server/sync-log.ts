/**
 * A synced base's ordered change log (docs/sync.md#the-change-log): each key's last change,
 * numbered in the order changes landed (`seq`), so a pull reads only what follows its
 * cursor and a push touches only its own keys, whatever the base holds.
 *
 * - On Redis (unstorage's `redis` driver), the log is Redis's own: a sorted set by `seq`
 *   and a Lua script that lands a change only if it is newer than the key's record, all
 *   at once, so processes sharing the Redis land and read alike.
 * - On an SQL database (unstorage's `db0` driver), a table indexed by `seq` (sync-log-sql.ts).
 * - On any other driver, this process keeps the index, read from the records once. Such
 *   a base is for one process (files, memory); several processes share Redis.
 *
 * Records live beside the values, at `<base>:#sync:<key>`: `{ hlc, seq, at, value | deleted }`.
 */
import type { Storage } from 'unstorage'
import { db0TableOf, redisOf } from '../internals/unstorage.ts'
import { toStoredText } from '../shared/sync-protocol.ts'
import type { ChangeLog, Guard, LoggedChange, LogRecord } from './change-log.ts'
import { sqlLog } from './sync-log-sql.ts'

export type { ChangeLog, LogRecord } from './change-log.ts'

const RECORDS = '#sync'
const parse = (text: unknown): LogRecord | undefined => {
  const record = typeof text === 'string' ? JSON.parse(text) : text
  return record && typeof record === 'object' && typeof record.hlc === 'string' ? { ...record, seq: record.seq ?? 0, at: record.at ?? 0 } : undefined
}

/** The log of `base` on the backend its storage mount is made for. */
export function createChangeLog(root: Storage, base: string, guard: Guard): ChangeLog {
  const { base: mountBase, driver } = root.getMount(`${base}:`)
  const db0 = db0TableOf(driver)
  if (db0) {
    const keyOf = (key: string) => `${base}:${key}`.slice(mountBase.length)
    return sqlLog(db0.database, base, { table: db0.table, keyOf, ensure: async () => driver.hasItem('', {}) }, guard)
  }
  const redis = redisOf<RedisLike>(driver)
  if (redis) {
    const legacy = async () => {
      const prefix = `${base}:${RECORDS}:`
      const keys = await guard('sync', () => root.getKeys(prefix))
      return keys.filter(key => key.startsWith(prefix)).map(key => key.slice(prefix.length))
    }
    return redisLog(redis.client, key => redis.redisKey(`${base}:${key}`.slice(mountBase.length)), guard, legacy)
  }
  return processLog(root, base, guard)
}

/** The part of ioredis the log needs. */
interface RedisLike {
  eval: (script: string, keys: number, ...args: (string | number)[]) => Promise<unknown>
  get: (key: string) => Promise<string | null>
  mget: (...keys: string[]) => Promise<(string | null)[]>
  zrangebyscore: (key: string, min: string | number, max: string | number, ...args: (string | number)[]) => Promise<string[]>
}

/**
 * KEYS: value, record, log, seq, tombstones. ARGV: key, hlc, value text ('' for a delete),
 * deleted ('1'/'0'), landed at (ms), value written ('1'/'0'). Lands only past an older
 * record; returns the record that stands and 1 when it is this change's.
 */
const LAND = `
local current = redis.call('GET', KEYS[2])
if current then
  local hlc = cjson.decode(current).hlc
  if hlc >= ARGV[2] then return { current, 0 } end
end
local seq = redis.call('INCR', KEYS[4])
local record
if ARGV[4] == '1' then
  record = '{"hlc":' .. cjson.encode(ARGV[2]) .. ',"seq":' .. seq .. ',"at":' .. ARGV[5] .. ',"deleted":true}'
  if ARGV[6] ~= '1' then redis.call('DEL', KEYS[1]) end
  redis.call('ZADD', KEYS[5], ARGV[5], ARGV[1])
else
  record = '{"hlc":' .. cjson.encode(ARGV[2]) .. ',"seq":' .. seq .. ',"at":' .. ARGV[5] .. ',"value":' .. ARGV[3] .. '}'
  if ARGV[6] ~= '1' then redis.call('SET', KEYS[1], ARGV[7]) end
  redis.call('ZREM', KEYS[5], ARGV[1])
end
redis.call('SET', KEYS[2], record)
redis.call('ZADD', KEYS[3], seq, ARGV[1])
return { record, 1 }
`

/**
 * KEYS: record, log, seq, tombstones; ARGV: key. Puts a record made before the log into it
 * (once: a key already in the log is left alone).
 */
const ADOPT = `
if redis.call('ZSCORE', KEYS[2], ARGV[1]) then return 0 end
local current = redis.call('GET', KEYS[1])
if not current then return 0 end
local record = cjson.decode(current)
local seq = redis.call('INCR', KEYS[3])
local at = tonumber(string.sub(record.hlc, 1, 13))
redis.call('SET', KEYS[1], '{"seq":' .. seq .. ',"at":' .. at .. ',' .. string.sub(current, 2))
redis.call('ZADD', KEYS[2], seq, ARGV[1])
if record.deleted then redis.call('ZADD', KEYS[4], at, ARGV[1]) end
return 1
`

/** KEYS: log, tombstones, horizon; ARGV: before (ms), record key prefix. Removes old tombstones, raises the horizon. */
const COMPACT = `
local old = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', '(' .. ARGV[1])
local horizon = tonumber(redis.call('GET', KEYS[3]) or '0')
for _, key in ipairs(old) do
  local seq = tonumber(redis.call('ZSCORE', KEYS[1], key) or '0')
  if seq > horizon then horizon = seq end
  redis.call('ZREM', KEYS[1], key)
  redis.call('ZREM', KEYS[2], key)
  redis.call('DEL', ARGV[2] .. key)
end
redis.call('SET', KEYS[3], horizon)
return #old
`

function redisLog(client: RedisLike, keyOf: (key: string) => string, guard: Guard, legacy: () => Promise<string[]>): ChangeLog {
  const recordKey = (key: string) => keyOf(`${RECORDS}:${key}`)
  const [log, seq, tombstones, horizon] = ['#synclog', '#syncseq', '#synctombs', '#synchorizon'].map(keyOf) as [string, string, string, string]
  /** Records made before the log, put into it once, in stamp order (a base that never had a log). */
  let adopted: Promise<void> | undefined
  const ready = () => adopted ??= (async () => {
    if (await guard('sync', () => client.get(seq)) !== null) return
    const keys = await legacy()
    const records = keys.length ? await guard('sync', () => client.mget(...keys.map(recordKey))) : []
    const order = keys.map((key, i) => ({ key, hlc: parse(records[i])?.hlc ?? '' })).filter(entry => entry.hlc).sort((a, b) => a.hlc < b.hlc ? -1 : 1)
    for (const { key } of order) await guard('sync', () => client.eval(ADOPT, 4, recordKey(key), log, seq, tombstones, key))
  })()
  return {
    get: async key => parse(await guard('sync', () => client.get(recordKey(key)))),
    async land(key, change, valueWritten = false) {
      await ready()
      const text = change.deleted ? '' : JSON.stringify(change.value)
      const [record, landed] = await guard('sync', () => client.eval(LAND, 5, keyOf(key), recordKey(key), log, seq, tombstones,
        key, change.hlc, text, change.deleted ? '1' : '0', Date.now(), valueWritten ? '1' : '0', change.deleted ? '' : toStoredText(change.value))) as [string, number]
      return { record: parse(record)!, landed: landed === 1 }
    },
    async after(from, limit) {
      await ready()
      const page = await guard('sync', () => client.zrangebyscore(log, `(${from}`, '+inf', 'WITHSCORES', 'LIMIT', 0, limit + 1))
      const keys: string[] = []
      let last = Math.max(from, 0)
      for (let i = 0; i < page.length && keys.length < limit; i += 2) {
        keys.push(page[i]!)
        last = Number(page[i + 1])
      }
      const records = keys.length ? await guard('sync', () => client.mget(...keys.map(recordKey))) : []
      // A key written again between the two reads has moved past this page: a later one brings it.
      const changes = keys.flatMap((key, i) => {
        const record = parse(records[i])
        return record && record.seq <= last ? [{ key, record }] : []
      })
      return { changes, more: page.length > limit * 2, last }
    },
    async compact(before) {
      await guard('sync', () => client.eval(COMPACT, 3, log, tombstones, horizon, before, recordKey('')))
    },
    horizon: async () => Number(await guard('sync', () => client.get(horizon)) ?? 0),
  }
}

/** The index this process keeps of a base on any other driver: keys by `seq`, read from the records once. */
/** A process's index of a base's records: each key's record, and the keys in `seq` order. */
function createSeqIndex() {
  const records = new Map<string, LogRecord>()
  /** seq → key while that seq is the key's record; `seqs` ascending, stale ones skipped on read. */
  const keyAt = new Map<number, string>()
  let seqs: number[] = []
  let last = 0
  const live = (seq: number) => {
    const key = keyAt.get(seq)
    return key !== undefined && records.get(key)?.seq === seq ? key : undefined
  }
  /** The first position in `seqs` after `seq`. */
  function firstAfter(seq: number): number {
    let low = 0
    let high = seqs.length
    while (low < high) {
      const middle = (low + high) >> 1
      if (seqs[middle]! <= seq) low = middle + 1
      else high = middle
    }
    return low
  }
  return {
    records,
    /** The highest `seq` given so far. */
    last: () => last,
    add(key: string, record: LogRecord): void {
      const before = records.get(key)
      if (before) keyAt.delete(before.seq)
      records.set(key, record)
      keyAt.set(record.seq, key)
      seqs.push(record.seq)
      last = Math.max(last, record.seq)
      if (seqs.length > 2 * keyAt.size + 1024) seqs = seqs.filter(seq => live(seq) !== undefined)
    },
    remove(key: string, record: LogRecord): void {
      records.delete(key)
      keyAt.delete(record.seq)
    },
    /** Up to `limit` records after `from`, whether more follow, and the last `seq` read. */
    after(from: number, limit: number): { changes: LoggedChange[], more: boolean, last: number } {
      const changes: LoggedChange[] = []
      let at = firstAfter(from)
      let position = Math.max(from, 0)
      for (; at < seqs.length && changes.length < limit; at++) {
        const key = live(seqs[at]!)
        if (key === undefined) continue
        changes.push({ key, record: records.get(key)! })
        position = seqs[at]!
      }
      while (at < seqs.length && live(seqs[at]!) === undefined) at++
      return { changes, more: at < seqs.length, last: position }
    },
  }
}

function processLog(root: Storage, base: string, guard: Guard): ChangeLog {
  const recordKey = (key: string) => `${base}:${RECORDS}:${key}`
  const horizonKey = `${base}:#synchorizon`
  const index = createSeqIndex()
  const { records } = index
  let loaded: Promise<void> | undefined
  const load = () => loaded ??= (async () => {
    const prefix = `${base}:${RECORDS}:`
    const keys = await guard('sync', () => root.getKeys(prefix))
    const items = keys.length ? await guard('sync', () => root.getItems(keys)) : []
    const found = items.flatMap(({ key, value }) => {
      const record = parse(value)
      return record && key.startsWith(prefix) ? [{ key: key.slice(prefix.length), record }] : []
    })
    const logged = found.filter(entry => entry.record.seq > 0).sort((a, b) => a.record.seq - b.record.seq)
    for (const { key, record } of logged) index.add(key, record)
    // Records made before the log: numbered after it, in stamp order, once.
    const older = found.filter(entry => entry.record.seq === 0).sort((a, b) => a.record.hlc < b.record.hlc ? -1 : 1)
    for (const { key, record } of older) {
      const numbered = { ...record, seq: index.last() + 1 }
      await guard('sync', () => root.setItem(recordKey(key), numbered as never))
      index.add(key, numbered)
    }
  })()
  return {
    async get(key) {
      await load()
      return records.get(key)
    },
    async land(key, change, valueWritten = false) {
      await load()
      const current = records.get(key)
      if (current && current.hlc >= change.hlc) return { record: current, landed: false }
      const seq = index.last() + 1
      const record: LogRecord = change.deleted ? { hlc: change.hlc, seq, at: Date.now(), deleted: true } : { hlc: change.hlc, seq, at: Date.now(), value: change.value }
      index.add(key, record)
      await guard('sync', async () => {
        if (!valueWritten) {
          if (change.deleted) await root.removeItem(`${base}:${key}`)
          else await root.setItem(`${base}:${key}`, change.value as never)
        }
        await root.setItem(recordKey(key), record as never)
      })
      return { record, landed: true }
    },
    async after(from, limit) {
      await load()
      return index.after(from, limit)
    },
    async compact(before) {
      await load()
      let horizon = await this.horizon()
      for (const [key, record] of records) {
        if (!record.deleted || record.at >= before) continue
        await guard('sync', () => root.removeItem(recordKey(key)))
        index.remove(key, record)
        horizon = Math.max(horizon, record.seq)
      }
      await guard('sync', () => root.setItem(horizonKey, horizon))
    },
    horizon: async () => Number(await guard('sync', () => root.getItem<number>(horizonKey)) ?? 0),
  }
}
