/**
 * A real PostgreSQL for a test run: Debian's postgresql (scripts/ensure-postgres.sh installs
 * it), a cluster made with initdb in a temp folder, on a free port, nothing synced to disk,
 * stopped by `stop()` or when the process exits. initdb and postgres refuse to run as root:
 * as root they run as the `postgres` user (Node's spawn takes its uid, so signals reach
 * postgres itself), in a folder it owns.
 */
import { execFileSync } from 'node:child_process'
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { freePort, startServerProcess } from './server-process.ts'

export interface PostgresServer {
  /** A new, empty database's URL: one per test keeps the tests apart. */
  database: () => Promise<string>
  /** Runs one statement on a database. */
  query: (url: string, sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>
  stop: () => Promise<void>
}

/** The folder of Debian's PostgreSQL binaries ($PG_BIN, else the newest under /usr/lib/postgresql). */
export function postgresBin(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN
  const root = '/usr/lib/postgresql'
  const version = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a))[0] : undefined
  if (!version) throw new Error('PostgreSQL not found: run scripts/ensure-postgres.sh, or set PG_BIN.')
  return join(root, version, 'bin')
}

export async function startPostgres(): Promise<PostgresServer> {
  const bin = postgresBin()
  const dir = mkdtempSync(join(tmpdir(), 'swerve-pg-'))
  const owner = process.getuid?.() === 0 ? { uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' })), gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' })) } : {}
  if (owner.uid !== undefined) chownSync(dir, owner.uid, owner.gid!)
  const data = join(dir, 'data')
  execFileSync(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync'], { stdio: 'pipe', cwd: dir, ...owner })
  const port = await freePort()
  const settings = ['fsync=off', 'synchronous_commit=off', 'full_page_writes=off', 'max_connections=200'].flatMap(setting => ['-c', setting])
  const server = await startServerProcess(join(bin, 'postgres'), ['-D', data, '-p', String(port), '-k', dir, '-h', '127.0.0.1', ...settings], { cwd: dir, ...owner, ready: /ready to accept connections/i, hint: 'run scripts/ensure-postgres.sh' })
  const url = (name: string) => `postgresql://postgres@127.0.0.1:${port}/${name}`
  async function query(target: string, sql: string, params: unknown[] = []) {
    const client = new pg.Client(target)
    await client.connect()
    try {
      return (await client.query(sql, params)).rows
    } finally {
      await client.end()
    }
  }
  let databases = 0
  return {
    async database() {
      const name = `t${++databases}`
      await query(url('postgres'), `CREATE DATABASE ${name}`)
      return url(name)
    },
    query,
    async stop() {
      // SIGINT: a fast shutdown (the clients' connections end, nothing is waited for).
      await server.stop('SIGINT')
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
