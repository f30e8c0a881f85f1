/** Stub of the generated `#swerve/virtual/app` (build/virtual), for tsc and unit tests. */
import type { Component } from 'vue'
import type { RouteRecordRaw } from 'vue-router'
import type { AppEntry } from '../app/create.ts'

export const App: Component | undefined = undefined
export const ErrorPage: Component | undefined = undefined
export const Layout: Component | undefined = undefined
export const layouts: AppEntry['layouts'] = undefined
export const appConfig: AppEntry['appConfig'] = undefined
export const preloadLayout: AppEntry['preloadLayout'] = undefined
export const routes: RouteRecordRaw[] = []
export const plugins: AppEntry['plugins'] = []
export const globalMiddleware: AppEntry['globalMiddleware'] = []
export const namedMiddleware: AppEntry['namedMiddleware'] = {}
export const wrapPage: AppEntry['wrapPage'] = undefined
