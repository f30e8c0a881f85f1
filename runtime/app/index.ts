/** `swerve/app`: universal API for pages, components, app plugins and route middleware . */
export { defineAppPlugin, type AppPlugin, type AppPluginObject } from './plugins.ts'
export { useApp, type SwerveApp, type AppHooks, type Payload } from './context.ts'
export {
  defineRouteMiddleware,
  definePageMeta,
  navigateTo,
  abortNavigation,
  type RouteMiddleware,
  type PageMeta,
  type NavigateToOptions,
} from './composables/router.ts'
export { createError, showError, clearError, useError, type ErrorInput } from './composables/error.ts'
export { useState, useRequestEvent, useRuntimeConfig } from './composables/state.ts'
export { useAsyncData, useFetch, type AsyncData, type AsyncDataOptions } from './composables/async-data.ts'
export { useServiceWorker, type ServiceWorkerState } from './composables/service-worker.ts'
export { useSync, type UseSync, type SyncState, type SyncStatus } from './composables/sync.ts'
export { $fetch, useRequestFetch } from './composables/fetch.ts'
export { useHead, useSeoMeta } from '@unhead/vue'
export { useRoute, useRouter, RouterLink, RouterView } from 'vue-router'
export type { ErrorShape } from '../shared/errors.ts'
