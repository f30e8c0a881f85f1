/**
 * Keys the build makes (build/transforms.ts) for calls that may leave theirs out:
 * `useAsyncData(fn)`, `useState(init)`, `callOnce(fn)`. Each is appended as the
 * call's last argument.
 */
export const AUTO_KEY_PREFIX = '$swerve:'

export const isAutoKey = (value: unknown): value is string => typeof value === 'string' && value.startsWith(AUTO_KEY_PREFIX)

/** Removes the build's key from the end of `args`, and returns it. */
export function takeAutoKey(args: unknown[]): string | undefined {
  return isAutoKey(args.at(-1)) ? args.pop() as string : undefined
}

/** The error of a call without a key outside the app's own files (a library's code). */
export const missingKey = (call: string, keyed: string) =>
  new TypeError(`[swerve] ${call} needs a key: ${keyed} (the build adds one to calls in the app's own files).`)
