/**
 * Keys the build makes (build/transforms.ts) for calls that may leave theirs out:
 * `useAsyncData(fn)`, `useState(init)`, `callOnce(fn)`. Each is appended as the
 * call's last argument.
 */
export const AUTO_KEY_PREFIX = '$swerve:'

export const isAutoKey = (value: unknown): value is string => typeof value === 'string' && value.startsWith(AUTO_KEY_PREFIX)

/**
 * A keyed call's arguments with its key first: its own when `hasKey` says the arguments (the
 * build's key taken off the end) start with one, else the build's key (undefined when the
 * build gave none: the caller throws `missingKey`).
 */
export function keyFirst(args: readonly unknown[], hasKey: (list: unknown[]) => boolean = list => typeof list[0] === 'string'): unknown[] {
  const list = [...args]
  const autoKey = isAutoKey(list.at(-1)) ? list.pop() as string : undefined
  if (!hasKey(list)) list.unshift(autoKey)
  return list
}

/** The error of a call without a key outside the app's own files (a library's code). */
export const missingKey = (call: string, keyed: string) =>
  new TypeError(`[swerve] ${call} needs a key: ${keyed} (the build adds one to calls in the app's own files).`)
