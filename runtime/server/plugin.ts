import type { ServerPlugin } from './app.ts'

/** A server plugin (SPEC §3): runs once per host start; the first request waits for it. */
export function defineServerPlugin(plugin: ServerPlugin): ServerPlugin {
  return plugin
}
