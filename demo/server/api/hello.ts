import { defineHandler, getQuery } from 'swerve/server'

export default defineHandler((event) => {
  const { name } = getQuery(event)
  return { message: `Hello, ${typeof name === 'string' ? name : 'world'}!`, at: new Date().toISOString() }
})
