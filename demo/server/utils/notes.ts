/** The notes store: one key per note (no shared index), so concurrent writes never lose one. */

export interface Note {
  id: string
  title: string
  body: string
  createdAt: string
  updatedAt: string
}

export interface NoteInput {
  title?: unknown
  body?: unknown
}

const notes = () => useStorage('notes')

function validate(input: NoteInput | undefined): { title: string, body: string } {
  const title = typeof input?.title === 'string' ? input.title.trim() : ''
  const body = typeof input?.body === 'string' ? input.body : ''
  if (!title) throw createError({ status: 400, statusText: 'Bad Request', message: 'A note needs a title.', data: { field: 'title' } })
  if (title.length > 200) throw createError({ status: 400, statusText: 'Bad Request', message: 'Titles are at most 200 characters.', data: { field: 'title' } })
  if (body.length > 20_000) throw createError({ status: 400, statusText: 'Bad Request', message: 'Notes are at most 20,000 characters.', data: { field: 'body' } })
  return { title, body }
}

export async function listNotes(query = ''): Promise<Note[]> {
  const store = notes()
  const all = await Promise.all((await store.getKeys()).map(key => store.getItem<Note>(key)))
  const needle = query.trim().toLowerCase()
  return all
    .filter((note): note is Note => !!note)
    .filter(note => !needle || note.title.toLowerCase().includes(needle) || note.body.toLowerCase().includes(needle))
    .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt) || a.id.localeCompare(b.id))
}

export async function getNote(id: string): Promise<Note> {
  const note = await notes().getItem<Note>(id)
  if (!note) throw createError({ status: 404, statusText: 'Not Found', message: `There is no note ${id}.` })
  return note
}

export async function createNote(input: NoteInput | undefined, id: string = crypto.randomUUID()): Promise<Note> {
  const now = new Date().toISOString()
  const note: Note = { id, ...validate(input), createdAt: now, updatedAt: now }
  await notes().setItem(note.id, note)
  return note
}

export async function updateNote(id: string, input: NoteInput | undefined): Promise<Note> {
  const note = { ...await getNote(id), ...validate(input), updatedAt: new Date().toISOString() }
  await notes().setItem(id, note)
  return note
}

export async function deleteNote(id: string): Promise<void> {
  await getNote(id)
  await notes().removeItem(id)
}
