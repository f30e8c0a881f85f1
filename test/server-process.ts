/**
 * A server a test starts as a child process (redis-server, postgres): on a free port, ready when
 * its output says so, killed if the test process exits first.
 */
import { spawn, type SpawnOptions } from 'node:child_process'
import { createServer } from 'node:net'

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

export interface ServerProcess {
  /** Stops it with `signal` and waits until it has exited. */
  stop: (signal: NodeJS.Signals) => Promise<void>
}

/** Starts `command` and waits until its output says it is ready; `hint` says how to install it. */
export async function startServerProcess(command: string, args: string[], options: SpawnOptions & { ready: RegExp, hint: string }): Promise<ServerProcess> {
  const { ready, hint, ...spawnOptions } = options
  const name = command.split('/').at(-1)
  const child = spawn(command, args, { ...spawnOptions, stdio: ['ignore', 'pipe', 'pipe'] })
  const kill = () => child.kill('SIGKILL')
  process.once('exit', kill)
  let output = ''
  await new Promise<void>((resolve, reject) => {
    const read = (chunk: Buffer) => {
      output += chunk
      if (ready.test(output)) resolve()
    }
    child.stdout!.on('data', read)
    child.stderr!.on('data', read)
    child.on('error', error => reject(new Error(`${name} could not start (${hint}): ${error.message}`)))
    child.on('exit', code => reject(new Error(`${name} exited with ${code}: ${output}`)))
  })
  const exited = new Promise<void>(resolve => child.once('exit', () => resolve()))
  return {
    async stop(signal) {
      child.kill(signal)
      await exited
      process.off('exit', kill)
    },
  }
}
