/**
 * Cloudflare D1 for a test run: Miniflare's (workerd's SQLite), reached from Node through
 * Miniflare's proxy of the binding, as a db0 connector: what db0's `cloudflare-d1` connector
 * does inside a Worker, where it reads the binding from `cloudflare:workers`.
 */
import type { Connector, Primitive } from 'db0'
import { Miniflare } from 'miniflare'

export interface D1Server {
  /** A db0 connector on the database (each call another connection, as another Worker's). */
  connector: () => Connector
  stop: () => Promise<void>
}

type D1 = Awaited<ReturnType<Miniflare['getD1Database']>>

function d1Connector(d1: D1): Connector {
  const statement = (sql: string, params: Primitive[] = []) => d1.prepare(sql).bind(...params)
  const prepare = (sql: string, params: Primitive[] = []): any => ({
    bind: (...more: Primitive[]) => prepare(sql, more),
    all: async (...args: Primitive[]) => (await statement(sql, args.length ? args : params).all()).results,
    run: (...args: Primitive[]) => statement(sql, args.length ? args : params).run(),
    get: (...args: Primitive[]) => statement(sql, args.length ? args : params).first(),
  })
  return {
    name: 'cloudflare-d1',
    dialect: 'sqlite',
    capabilityOverrides: { transactions: false },
    getInstance: () => d1,
    exec: sql => d1.exec(sql.replace(/\s*\n\s*/g, ' ')),
    prepare,
  } as Connector
}

export async function startD1(): Promise<D1Server> {
  const mf = new Miniflare({ modules: true, script: 'export default { fetch: () => new Response(null) }', d1Databases: ['DB'], compatibilityDate: '2025-09-01' })
  const d1 = await mf.getD1Database('DB')
  return { connector: () => d1Connector(d1), stop: () => mf.dispose() }
}
