import { defineHandler, getRouterParam, noContent } from 'swerve/server'
import { deleteNote } from '../../utils/notes.ts'

export default defineHandler(async (event) => {
  await deleteNote(getRouterParam(event, 'id')!)
  return noContent()
})
