/** Stub of the generated `#swerve/virtual/precache`: workbox-build's manifest for the worker. */
export interface PrecacheEntry { url: string, revision: string | null }

const precache: { entries: PrecacheEntry[], version: string, updates: 'prompt' | 'auto' } = { entries: [], version: '', updates: 'prompt' }
export default precache
