import type { NoteInput } from '../../utils/notes.ts'

export default defineHandler(async (event) => {
  const note = await createNote(await readBody<NoteInput>(event))
  setResponseStatus(event, 201)
  return note
})
