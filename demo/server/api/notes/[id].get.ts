import { defineHandler, getRouterParam } from 'swerve/server'
import { getNote } from '../../utils/notes.ts'

export default defineHandler(event => getNote(getRouterParam(event, 'id')!))
