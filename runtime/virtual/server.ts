/** Stub of the generated `#swerve/virtual/server` (build/virtual.ts), for tsc and unit tests. */
import type { ServerEntry } from '../server/app.ts'

export const plugins: ServerEntry['plugins'] = []
export const middleware: ServerEntry['middleware'] = []
export const routes: ServerEntry['routes'] = []
export const serverConfig: ServerEntry['config'] = { base: '/', dev: false, bodyLimit: 1024 * 1024, runtimeConfig: {} }
export const serverAssets: Record<string, string> = {}
