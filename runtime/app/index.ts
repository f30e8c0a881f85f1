/** `swerve/app`: universal API for pages, components, app plugins and route middleware . */
export { defineAppPlugin, type AppPlugin, type AppPluginObject, type ProvidedBy } from './plugins.ts'
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
export { useLazyAsyncData, useLazyFetch, refreshAsyncData, clearAsyncData, type UseFetchOptions } from './composables/async-data.ts'
export { useCookie, type CookieOptions } from './composables/cookie.ts'
export { useRequestHeaders, useRequestURL } from './composables/request.ts'
export { useAppConfig, defineAppConfig } from './composables/app-config.ts'
export { callOnce, type CallOnceOptions } from './composables/once.ts'
export { executeAsync } from './context.ts'
export { addRouteMiddleware } from './router.ts'
// Built-in components (build/imports.ts imports them for templates that name them).
export { ClientOnly } from './components/client-only.ts'
export { SwerveLink, SwerveLink as NuxtLink } from './components/link.ts'
export { SwerveLayout, SwerveLayout as NuxtLayout, SwervePage, SwervePage as NuxtPage, setPageLayout, preloadLayout, type LayoutName } from './components/layout.ts'
export { SwerveErrorBoundary, SwerveErrorBoundary as NuxtErrorBoundary } from './components/error-boundary.ts'
export { SwerveLoadingIndicator, SwerveLoadingIndicator as NuxtLoadingIndicator } from './components/loading-indicator.ts'
export { Title, Meta, Link, Style, Base, NoScript, Html, Body, Head } from './components/head.ts'
// Nuxt's names, so a Nuxt app's files work as they are (docs/conventions.md).
export { defineAppPlugin as defineNuxtPlugin } from './plugins.ts'
export { definePayloadPlugin, definePayloadReducer, definePayloadReviver } from './payload.ts'
export { defineRouteMiddleware as defineNuxtRouteMiddleware } from './composables/router.ts'
export { useApp as useNuxtApp } from './context.ts'
