// A first note, once per browser (or per .data folder in Node). Its id is fixed,
// so the prerendered page and the worker's own store agree on it.
export default defineServerPlugin(async () => {
  const meta = useStorage('meta')
  if (await meta.hasItem('welcomed')) return
  await meta.setItem('welcomed', true)
  await createNote({
    title: 'Welcome to swerve notes',
    body: 'This page was rendered by a service worker in your browser. Go offline (DevTools → Network → Offline) and keep writing: your notes live in IndexedDB and the worker renders every page.',
  }, 'welcome')
})
