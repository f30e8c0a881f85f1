import type { ServerPlugin } from './types.ts'

/** A server plugin: runs once per host start; the first request waits for it. */
export function defineServerPlugin(plugin: ServerPlugin): ServerPlugin {
  return plugin
}
