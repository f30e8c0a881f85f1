import { fileURLToPath } from 'node:url'

/** The swerve package itself: runtime sources and its own dependencies live here. */
export const swerveRoot = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '')
