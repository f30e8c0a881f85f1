/**
 * The build's runtimeConfig, known before the app's server modules run: the pipeline imports
 * this first, so server code may call `useRuntimeConfig()` at its top level, as in Nitro.
 */
import config from '#swerve/virtual/config'
import { setBuiltRuntimeConfig } from './server/runtime-config.ts'

setBuiltRuntimeConfig(config.runtimeConfig)
