#!/usr/bin/env node
// The CLI is TypeScript source; tsx compiles it on the fly (esbuild under the hood).
import { register } from 'tsx/esm/api'

register()
await import('../build/cli.ts')
