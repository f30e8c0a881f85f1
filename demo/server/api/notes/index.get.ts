import { defineHandler, getQuery } from 'swerve/server'
import { listNotes } from '../../utils/notes.ts'

export default defineHandler((event) => {
  const { q } = getQuery(event)
  return listNotes(typeof q === 'string' ? q : '')
})
