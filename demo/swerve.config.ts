import { defineConfig } from 'swerve/config'

export default defineConfig({
  app: {
    head: {
      title: 'swerve demo',
      htmlAttrs: { lang: 'en' },
      link: [{ rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' }],
      meta: [{ name: 'description', content: 'A Vue app rendered by its own service worker, online or offline.' }],
    },
  },
})
