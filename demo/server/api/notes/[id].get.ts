export default defineHandler(event => getNote(getRouterParam(event, 'id')!))
