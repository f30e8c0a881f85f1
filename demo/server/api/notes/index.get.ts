export default defineHandler((event) => {
  const { q } = getQuery(event)
  return listNotes(typeof q === 'string' ? q : '')
})
