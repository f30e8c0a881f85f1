/** Stub of the generated `#swerve/virtual/client-assets`: the client build's files. */
import type { ClientAssets } from '../app/render.ts'

const assets: ClientAssets = { entry: '', css: [], pages: {} }
export default assets
