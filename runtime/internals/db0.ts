/**
 * db0's `postgresql` connector given a stand-in for pg's `Client` (its `lib` option, which db0
 * does not document): written for the db0 in runtime/internals/versions.ts. It runs on a pool
 * of connections (`pg.Pool`, `max` of the options, default 10) instead of its one client: the sync route lands a push's keys side by side, and
 * one client would run them one after another (and pg 9 refuses queries that overlap on one
 * client). swerve.config's `connector: 'postgresql'` builds to this (build/virtual.ts).
 */
import type { Connector } from 'db0'
import postgresqlConnector from 'db0/connectors/postgresql'
import pg from 'pg'

type Options = Parameters<typeof postgresqlConnector>[0]

/** The part of pg's Client the connector calls, on a pool. */
class PooledClient {
  readonly pool: pg.Pool
  private readonly names = new Map<string, string>()
  constructor(config: string | pg.PoolConfig) {
    this.pool = new pg.Pool(typeof config === 'string' ? { connectionString: config } : config)
    // An idle connection that drops (the database restarts) leaves the pool; the next query opens another.
    this.pool.on('error', error => console.warn(`[swerve] a PostgreSQL connection dropped: ${error.message}`))
  }

  async connect(): Promise<void> {}
  /** A statement with parameters is prepared once per connection (the sync log runs a few, many times). */
  query(sql: string, params?: unknown[]) {
    if (!params?.length) return this.pool.query(sql)
    let name = this.names.get(sql)
    if (!name && this.names.size < 64) this.names.set(sql, name = `swerve_${this.names.size}`)
    return this.pool.query({ name, text: sql, values: params })
  }

  end(): Promise<void> {
    return this.pool.end()
  }
}

export default function postgresqlPool(options: Options): Connector {
  return postgresqlConnector({ ...options, lib: { Client: PooledClient } as never })
}
