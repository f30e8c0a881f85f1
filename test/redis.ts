/**
 * A real Redis for a test run: Debian's redis-server (scripts/ensure-redis.sh installs
 * it) on a free port, nothing saved to disk, stopped by `stop()` or when the process exits.
 */
import { spawn } from 'node:child_process'
import { createServer } from 'node:net'
import Redis from 'ioredis'

export interface RedisServer {
  url: string
  /** A client on it, for the test to look inside (closed by `stop()`). */
  client: Redis
  stop: () => Promise<void>
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number }
      probe.close(() => resolve(port))
    })
  })
}

export async function startRedis(): Promise<RedisServer> {
  const port = await freePort()
  const child = spawn(process.env.REDIS_SERVER ?? 'redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] })
  const kill = () => child.kill('SIGKILL')
  process.once('exit', kill)
  let output = ''
  await new Promise<void>((resolve, reject) => {
    const read = (chunk: Buffer) => {
      output += chunk
      if (/ready to accept connections/i.test(output)) resolve()
    }
    child.stdout.on('data', read)
    child.stderr.on('data', read)
    child.on('error', error => reject(new Error(`redis-server could not start (run scripts/ensure-redis.sh): ${error.message}`)))
    child.on('exit', code => reject(new Error(`redis-server exited with ${code}: ${output}`)))
  })
  const url = `redis://127.0.0.1:${port}`
  const client = new Redis(url)
  const exited = new Promise<void>(resolve => child.once('exit', () => resolve()))
  return {
    url,
    client,
    async stop() {
      client.disconnect()
      child.kill('SIGTERM')
      await exited
      process.off('exit', kill)
    },
  }
}
