import { defineConfig } from 'swerve/config'

export default defineConfig({
  app: {
    head: {
      title: 'swerve notes',
      htmlAttrs: { lang: 'en' },
      link: [{ rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' }],
      meta: [{ name: 'description', content: 'Notes that live in your browser: rendered by a service worker, online or offline.' }],
    },
  },
  routeRules: {
    // Every answer, from the worker or the origin.
    '/**': { headers: { 'x-frame-options': 'DENY', 'permissions-policy': 'camera=(), microphone=(), geolocation=()' } },
    // Built once; the worker answers it from the precache without rendering.
    '/about': { prerender: true },
    // Routes only the origin server has: the worker never answers them.
    '/api/origin/**': { worker: false },
  },
  // The notes replicate between each browser's worker and the server (docs/sync.md): written
  // offline, they reach the server's store (.data/kv) when the browser is back online.
  storage: {
    notes: { sync: true },
  },
  // Every component here is <script setup>: leave the Options API out of the bundles.
  vue: { optionsApi: false },
  manifest: {
    name: 'swerve notes',
    short_name: 'Notes',
    description: 'Offline-first notes, rendered by a service worker.',
    theme_color: '#2f6fed',
    background_color: '#f6f7fb',
    display: 'standalone',
    icons: [{ src: 'favicon.svg', sizes: 'any', type: 'image/svg+xml' }],
  },
})
