/** Stub of the generated `#swerve/virtual/precache`: workbox-build's manifest of the files the worker precaches. */
export interface PrecacheEntry { url: string, revision: string | null }

const entries: PrecacheEntry[] = []
export default entries
