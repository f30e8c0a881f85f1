/**
 * A real Redis for a test run: Debian's redis-server (scripts/ensure-redis.sh installs
 * it) on a free port, nothing saved to disk, stopped by `stop()` or when the process exits.
 */
import Redis from 'ioredis'
import { freePort, startServerProcess } from './server-process.ts'

export interface RedisServer {
  url: string
  /** A client on it, for the test to look inside (closed by `stop()`). */
  client: Redis
  stop: () => Promise<void>
}

export async function startRedis(): Promise<RedisServer> {
  const port = await freePort()
  const server = await startServerProcess(process.env.REDIS_SERVER ?? 'redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { ready: /ready to accept connections/i, hint: 'run scripts/ensure-redis.sh' })
  const url = `redis://127.0.0.1:${port}`
  const client = new Redis(url)
  return {
    url,
    client,
    async stop() {
      client.disconnect()
      await server.stop('SIGTERM')
    },
  }
}
