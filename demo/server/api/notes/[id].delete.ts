export default defineHandler(async (event) => {
  await deleteNote(getRouterParam(event, 'id')!)
  return noContent()
})
