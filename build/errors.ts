/** Build errors that name the file, line and column, with a code frame. */
import { isAbsolute, relative } from 'node:path'
import type { Message } from 'esbuild'

export class BuildError extends Error {
  constructor(message: string, readonly messages: Message[] = []) {
    super(message)
    this.name = 'BuildError'
  }
}

export function formatMessage(root: string, message: Message): string {
  const location = message.location
  if (!location) return message.text
  // esbuild reports paths relative to its working directory (the app root) already.
  const file = isAbsolute(location.file) ? relative(root, location.file) : location.file
  const frame = location.lineText
    ? `\n  ${String(location.line).padStart(4)} | ${location.lineText}\n       | ${' '.repeat(location.column)}^`
    : ''
  return `${file}:${location.line}:${location.column + 1}: ${message.text}${frame}`
}

export function toBuildError(root: string, error: unknown): unknown {
  const messages = (error as { errors?: Message[] })?.errors
  if (!Array.isArray(messages) || !messages.length) return error
  return new BuildError(messages.map(m => formatMessage(root, m)).join('\n\n'), messages)
}
