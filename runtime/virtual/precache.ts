/** Stub of the generated `#swerve/virtual/precache`: workbox-build's manifest for the worker. */
export interface PrecacheEntry { url: string, revision: string | null }

export interface WorkerConfig {
  entries: PrecacheEntry[]
  /** The build id: tabs report it, so the worker keeps their files. */
  version: string
  updates: 'prompt' | 'auto'
  navigation: 'local' | 'network-first'
  navigationPreload: boolean
  /** Bridge cookies with the Cookie Store API (see sw/cookies.ts). */
  cookies: boolean
}

const precache: WorkerConfig = { entries: [], version: '', updates: 'prompt', navigation: 'local', navigationPreload: false, cookies: true }
export default precache
