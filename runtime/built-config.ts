/**
 * The build's runtimeConfig, known before the app's server modules run: the pipeline imports
 * this first, so server code may call `useRuntimeConfig()` at its top level, as in Nitro.
 * Module state, on purpose: that call runs before any server exists to hold it, and every
 * server of this bundle has the same build's values (a host's environment is applied per
 * server, on `server.config`).
 */
import config from '#swerve/virtual/config'
import { setBuiltRuntimeConfig } from './server/runtime-config.ts'

setBuiltRuntimeConfig(config.runtimeConfig)
