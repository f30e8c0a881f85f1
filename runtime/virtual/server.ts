/** Stub of the generated `#swerve/virtual/server` (build/virtual), for tsc and unit tests. */
import type { ServerParts } from '../server/types.ts'

export const plugins: ServerParts['plugins'] = []
export const middleware: ServerParts['middleware'] = []
export const routes: ServerParts['routes'] = []
/** `server/assets/**` as text, by path below `server/assets/`. */
export const serverAssets: Record<string, string> = {}
/** Route patterns left out of this bundle (origin-only): `$fetch` to them goes to the network. */
export const originRoutes: string[] = []
