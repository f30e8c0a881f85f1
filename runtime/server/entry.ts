/** The pipeline as the build generated it: the one server every host (worker, Node) runs. */
import * as appEntry from '#swerve/virtual/app'
import clientAssets from '#swerve/virtual/client-assets'
import { middleware, plugins, routes, serverAssets, serverConfig } from '#swerve/virtual/server'
import { createRenderer } from '../app/render.ts'
import type { AppEntry } from '../app/create.ts'
import { createServer } from './app.ts'
import { setServerAssets } from './storage.ts'

setServerAssets(serverAssets)

export const server = createServer({
  plugins,
  middleware,
  routes,
  renderer: createRenderer(appEntry as unknown as AppEntry, clientAssets),
  config: serverConfig,
})
