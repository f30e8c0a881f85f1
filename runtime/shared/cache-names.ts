/**
 * The names of swerve's caches in Cache Storage: one set per scope, so two apps on one
 * origin never share one. The worker creates them; a kill switch, or the page of a
 * killed build, deletes those of its scope (docs/worker.md#kill-switch).
 */

/** The name the precache had before caches were named per scope. */
export const LEGACY_PRECACHE = 'swerve-precache'

export const precacheName = (scope: string) => `swerve-precache ${scope}`

/** Whether `name` is one of swerve's caches for `scope` (a kill switch deletes those). */
export const isSwerveCacheOf = (name: string, scope: string) => name === LEGACY_PRECACHE || (name.startsWith('swerve-') && name.endsWith(` ${scope}`))
