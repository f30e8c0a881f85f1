/**
 * `callOnce(key?, fn)`: runs `fn` once for the page: on the server when it renders
 * (not again while hydrating), else at its first call in the client. `mode:
 * 'navigation'` runs it again on every navigation.
 */
import { keyFirst, missingKey } from '../../shared/auto-key.ts'
import { useApp } from '../context.ts'

export interface CallOnceOptions {
  mode?: 'render' | 'navigation'
}

export async function callOnce(key: string, fn: () => unknown, options?: CallOnceOptions): Promise<void>
export async function callOnce(fn: () => unknown, options?: CallOnceOptions): Promise<void>
export async function callOnce(...args: unknown[]): Promise<void> {
  const [key, fn, options = {}] = keyFirst(args) as [string | undefined, () => unknown, CallOnceOptions?]
  if (!key) throw missingKey('callOnce(fn)', 'callOnce(\'name\', fn)')
  const app = useApp()
  const ran = (app.payload.once ??= [])
  const here = (app._once ??= new Set())
  if (ran.includes(key) || here.has(key)) return
  here.add(key)
  if (options.mode === 'navigation') {
    const stop = app.router.beforeEach((to, from) => {
      if (to.path === from.path) return
      here.delete(key)
      stop()
    })
  }
  await fn()
  if (import.meta.server) ran.push(key)
}
