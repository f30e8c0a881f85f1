/** Storage keys: what an app may use, and the ones swerve keeps for itself beside them. */

/** Letters, digits and what URLs and e-mail addresses hold (`%`, `+`…), in segments split by `:` or `/`; no spaces, no `#`. */
const KEY = /^[\w\-.@~%+!$&'()*,;=]+(?:[:/][\w\-.@~%+!$&'()*,;=]+)*$/
/** A segment of dots only (`..`): never a key, it reads as a path outside the store. */
const DOTS_ONLY = /(?:^|[:/])\.+(?:[:/]|$)/
/** A segment starting with `#`: swerve's own records (sync's change records), never the app's. */
const OWN = /(?:^|:)#/

export const isStorageKey = (key: unknown): key is string =>
  typeof key === 'string' && key.length > 0 && key.length <= 512 && KEY.test(key) && !DOTS_ONLY.test(key)

/** Whether a listed key is one of swerve's own records, hidden from the app. */
export const isOwnKey = (key: string) => OWN.test(key)

/** As unstorage keeps keys: `/` and `:` alike, no empty segments. */
export const normalizeKey = (key: string) => key.replace(/[:/\\]+/g, ':').replace(/^:|:$/g, '')
