/** Small statistics and formatting for the benchmark. */
export interface Summary { n: number, p50: number, p95: number, mean: number }

export function summarize(values: number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b)
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * (sorted.length - 1) + 0.5))]
  return { n: sorted.length, p50: at(0.5), p95: at(0.95), mean: sorted.reduce((a, b) => a + b, 0) / sorted.length }
}

export const ms = (value: number) => `${value.toFixed(2)} ms`
export const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}x`
export const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`
