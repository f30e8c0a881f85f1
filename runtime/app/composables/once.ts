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
  // 'navigation': the next navigation to another path forgets the run, so the call runs again.
  const forgetOnNavigation = () => {
    if (options.mode !== 'navigation') return
    const stop = app.router.beforeEach((to, from) => {
      if (to.path === from.path) return
      here.delete(key)
      if (ran.includes(key)) ran.splice(ran.indexOf(key), 1)
      stop()
    })
  }
  if (ran.includes(key) || here.has(key)) {
    // Hydrating a run of the server's: the page's first navigation forgets it too.
    if (import.meta.client && !here.has(key)) {
      here.add(key)
      forgetOnNavigation()
    }
    return
  }
  here.add(key)
  forgetOnNavigation()
  await fn()
  if (import.meta.server) ran.push(key)
}
