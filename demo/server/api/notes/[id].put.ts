import type { NoteInput } from '../../utils/notes.ts'

export default defineHandler(async event => updateNote(getRouterParam(event, 'id')!, await readBody<NoteInput>(event)))
