/** Nuxt's `useLoadingIndicator`: one progress state per app, moved by navigations and by `start`/`finish`. */
import { computed, ref, type Ref } from 'vue'
import { useApp } from '../context.ts'

export interface LoadingIndicatorOptions {
  /** Milliseconds the estimated progress takes to reach 100 (default 2000). */
  duration?: number
  /** Milliseconds before `isLoading` turns true (default 200). */
  throttle?: number
  /** The progress at `elapsed` of `duration` (default: an ease towards 100). */
  estimatedProgress?: (duration: number, elapsed: number) => number
}

export interface LoadingIndicator {
  progress: Ref<number>
  isLoading: Ref<boolean>
  error: Ref<boolean>
  start: (options?: { force?: boolean }) => void
  set: (value: number, options?: { force?: boolean }) => void
  finish: (options?: { force?: boolean, error?: boolean }) => void
  clear: () => void
}

const ease = (duration: number, elapsed: number) => (2 / Math.PI * 100) * Math.atan(elapsed / duration * 100 / 50)

function createLoadingIndicator(options: LoadingIndicatorOptions): LoadingIndicator {
  const { duration = 2000, throttle = 200, estimatedProgress = ease } = options
  const progress = ref(0)
  const loading = ref(false)
  const error = ref(false)
  let started = 0
  let throttleTimer: ReturnType<typeof setTimeout> | undefined
  let stepTimer: ReturnType<typeof setInterval> | undefined
  let hideTimer: ReturnType<typeof setTimeout> | undefined
  const stop = () => {
    clearTimeout(throttleTimer)
    clearInterval(stepTimer)
    clearTimeout(hideTimer)
  }
  const set = (value: number, { force }: { force?: boolean } = {}) => {
    error.value = false
    progress.value = Math.min(100, Math.max(0, value))
    if (progress.value >= 100) return finish()
    stop()
    started = Date.now() - progress.value / 100 * duration
    const show = () => {
      loading.value = true
      stepTimer = setInterval(() => { progress.value = Math.min(99, estimatedProgress(duration, Date.now() - started)) }, 100)
    }
    if (force || !throttle || import.meta.server) show()
    else throttleTimer = setTimeout(show, throttle)
  }
  const start = (opts: { force?: boolean } = {}) => set(0, opts)
  function finish(opts: { force?: boolean, error?: boolean } = {}): void {
    stop()
    progress.value = 100
    if (opts.error) error.value = true
    const done = () => {
      loading.value = false
      progress.value = 0
    }
    if (opts.force || import.meta.server) done()
    else hideTimer = setTimeout(done, 500)
  }
  const clear = () => {
    stop()
    loading.value = false
    progress.value = 0
    error.value = false
  }
  return { progress: computed(() => progress.value) as Ref<number>, isLoading: computed(() => loading.value) as Ref<boolean>, error: computed(() => error.value) as Ref<boolean>, start, set, finish, clear }
}

/** The app's loading state: navigations start and finish it; `start`/`finish`/`set` move it by hand. */
export function useLoadingIndicator(options: LoadingIndicatorOptions = {}): LoadingIndicator {
  const app = useApp() as ReturnType<typeof useApp> & { _loadingIndicator?: LoadingIndicator }
  if (app._loadingIndicator) return app._loadingIndicator
  const indicator = app._loadingIndicator = createLoadingIndicator(options)
  if (import.meta.client) {
    app.router.beforeEach(() => { indicator.start() })
    app.router.afterEach(() => { indicator.finish() })
    app.router.onError(() => { indicator.finish({ error: true }) })
  }
  return indicator
}
