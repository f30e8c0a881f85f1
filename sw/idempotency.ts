/**
 * Writes that happen once (docs/security.md#writes-that-happen-once). Chromium
 * resends a request to a restarted worker when the one it was given died
 * before answering; the first may have written already. So the worker runs
 * unsafe requests (POST, PUT, PATCH, DELETE) one at a time, each one's storage
 * writes commit in one IndexedDB transaction with the record of its answer
 * under its `Idempotency-Key` (`$fetch` sends one), and a request whose key has
 * a record gets that answer again instead of running twice.
 */
import { toErrorResponse } from '../runtime/shared/errors.ts'
import { UNSAFE_METHODS } from '../runtime/shared/request.ts'
import { toStorageError } from '../runtime/server/storage.ts'
import { RESERVED, type WorkerStorage } from './idb-storage.ts'

/** How long an answer is kept for a retry. */
const KEEP_MS = 24 * 60 * 60 * 1000

interface AnswerRecord {
  at: number
  method: string
  url: string
  status: number
  statusText: string
  headers: [string, string][]
  /** Base64. */
  body: string
}

function toBase64(bytes: Uint8Array): string {
  let binary = ''
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(binary)
}

const fromBase64 = (text: string) => Uint8Array.from(atob(text), char => char.charCodeAt(0))

export function createIdempotency(storage: WorkerStorage) {
  let queue: Promise<unknown> = Promise.resolve()
  /** One unsafe request at a time: the writes staged belong to it alone. */
  function exclusive<T>(run: () => Promise<T>): Promise<T> {
    const next = queue.then(run, run)
    queue = next.catch(() => {})
    return next
  }

  async function once(request: Request, run: () => Promise<Response>): Promise<Response> {
    const key = request.headers.get('idempotency-key')
    const recordKey = key ? `${RESERVED}idempotency:${key}` : undefined
    const previous = recordKey && await storage.getRecord(recordKey)
    if (previous) {
      const record = JSON.parse(previous) as AnswerRecord
      if (record.method !== request.method || record.url !== request.url) {
        return Response.json({ status: 422, statusText: 'Unprocessable Entity', message: `Idempotency-Key ${key} was used for ${record.method} ${new URL(record.url).pathname}: use a new key for a new request.` }, { status: 422 })
      }
      return new Response(fromBase64(record.body), { status: record.status, statusText: record.statusText, headers: record.headers })
    }
    let body = new Uint8Array()
    const keep = (answer: Response): Record<string, string> => {
      // A 5xx is no answer to keep: a retry should run again.
      if (!recordKey || answer.status >= 500) return {}
      const record: AnswerRecord = { at: Date.now(), method: request.method, url: request.url, status: answer.status, statusText: answer.statusText, headers: Array.from(answer.headers as unknown as Iterable<[string, string]>), body: toBase64(body) }
      return { [recordKey]: JSON.stringify(record) }
    }
    let response: Response
    try {
      response = await storage.transaction(async () => {
        const answer = await run()
        body = new Uint8Array(await answer.arrayBuffer())
        return answer
      }, keep)
    } catch (error) {
      // The handler ran but its writes did not land: that is the answer, not the handler's.
      return toErrorResponse(toStorageError(error, 'commit'))
    }
    return new Response(response.status === 204 || response.status === 304 ? null : body, response)
  }

  return {
    /** Runs `run` for `request`: once per Idempotency-Key, and one unsafe request at a time. */
    handle(request: Request, run: () => Promise<Response>): Promise<Response> {
      return UNSAFE_METHODS.has(request.method) ? exclusive(() => once(request, run)) : run()
    },
    /** Forgets answers older than a day. */
    prune: () => storage.prune(`${RESERVED}idempotency:`, value => (JSON.parse(value) as AnswerRecord).at < Date.now() - KEEP_MS),
  }
}
