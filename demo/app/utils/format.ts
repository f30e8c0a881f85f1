/** One format on every side (Node, worker, page): UTC, so server HTML and hydration agree. */
const format = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' })

export function formatDate(iso: string): string {
  return `${format.format(new Date(iso))} UTC`
}

export function excerpt(text: string, length = 140): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length > length ? `${flat.slice(0, length - 1)}…` : flat
}
