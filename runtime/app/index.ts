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
export { createError, showError, clearError, useError, isNuxtError, type ErrorInput, type NuxtError } from './composables/error.ts'
export { useState, useRequestEvent, useRuntimeConfig } from './composables/state.ts'
export { useAsyncData, type AsyncData, type AsyncDataOptions, type RefreshOptions } from './composables/async-data.ts'
export { useFetch, useLazyFetch, type UseFetchOptions } from './composables/use-fetch.ts'
export { useServiceWorker, type ServiceWorkerState } from './composables/service-worker.ts'
export { useSync, type UseSync, type SyncState, type SyncStatus } from './composables/sync.ts'
export { $fetch, useRequestFetch } from './composables/fetch.ts'
export { useHead, useSeoMeta, useHeadSafe, useServerHead, useServerSeoMeta, useServerHeadSafe } from '@unhead/vue'
export { useRoute, useRouter, onBeforeRouteLeave, onBeforeRouteUpdate, RouterLink, RouterView } from 'vue-router'
export type { ErrorShape } from '../shared/errors.ts'
export { useLazyAsyncData, refreshAsyncData, clearAsyncData } from './composables/async-data.ts'
export { useCookie, refreshCookie, type CookieOptions } from './composables/cookie.ts'
export { useRequestHeaders, useRequestURL } from './composables/request.ts'
export { refreshNuxtData, clearNuxtData, useNuxtData, clearNuxtState } from './composables/nuxt-data.ts'
export { onNuxtReady, reloadNuxtApp, useRuntimeHook, updateAppConfig, type ReloadNuxtAppOptions } from './composables/app-lifecycle.ts'
export { preloadRouteComponents, preloadComponents, prefetchComponents } from './composables/preload.ts'
export { useLoadingIndicator, type LoadingIndicator, type LoadingIndicatorOptions } from './composables/loading-indicator.ts'
export { useRouteAnnouncer, type RouteAnnouncer } from './composables/route-announcer.ts'
export { setResponseStatus, useResponseHeader, useRequestHeader } from './composables/response.ts'
export { defineNuxtComponent } from './composables/component.ts'
export { useAppConfig, defineAppConfig } from './composables/app-config.ts'
export { callOnce, type CallOnceOptions } from './composables/once.ts'
export { executeAsync } from './context.ts'
export { addRouteMiddleware } from './app-router.ts'
// Built-in components (build/imports.ts imports them for templates that name them).
export { ClientOnly, createClientOnly } from './components/client-only.ts'
export { SwerveLink, SwerveLink as NuxtLink } from './components/link.ts'
export { SwerveLayout, SwerveLayout as NuxtLayout, SwervePage, SwervePage as NuxtPage, setPageLayout, preloadLayout, type LayoutName } from './components/layout.ts'
export { SwerveErrorBoundary, SwerveErrorBoundary as NuxtErrorBoundary } from './components/error-boundary.ts'
export { SwerveLoadingIndicator, SwerveLoadingIndicator as NuxtLoadingIndicator } from './components/loading-indicator.ts'
export { SwerveRouteAnnouncer, SwerveRouteAnnouncer as NuxtRouteAnnouncer } from './components/route-announcer.ts'
export { SwerveWelcome, SwerveWelcome as NuxtWelcome } from './components/welcome.ts'
export { Title, Meta, Link, Style, Base, NoScript, Html, Body, Head } from './components/head.ts'
// Nuxt's names, so a Nuxt app's files work as they are (docs/conventions.md).
export { defineAppPlugin as defineNuxtPlugin } from './plugins.ts'
export { definePayloadPlugin, definePayloadReducer, definePayloadReviver } from './payload.ts'
export { defineRouteMiddleware as defineNuxtRouteMiddleware } from './composables/router.ts'
export { useApp as useNuxtApp } from './context.ts'
