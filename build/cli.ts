#!/usr/bin/env node
/** The `swerve` command: citty, one lazily loaded file per subcommand. */
import { defineCommand, runMain } from 'citty'
import { version } from './paths.ts'

const main = defineCommand({
  meta: { name: 'swerve', version, description: 'Service-worker-hosted SSR for Vue' },
  subCommands: {
    build: () => import('./commands/build.ts').then(m => m.default),
    preview: () => import('./commands/preview.ts').then(m => m.default),
    dev: () => import('./commands/dev.ts').then(m => m.default),
    prepare: () => import('./commands/prepare.ts').then(m => m.default),
    init: () => import('./commands/init.ts').then(m => m.default),
  },
})

void runMain(main)
