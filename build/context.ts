/**
 * What the build knows, stage by stage. Each bundle takes the stage it needs,
 * so no field is read before the step that fills it has run.
 */
import type { ClientAssets } from '../runtime/app/render.ts'
import type { PrecacheEntry } from '../runtime/virtual/precache.ts'
import type { ResolvedConfig } from './config.ts'
import type { AutoImports } from './imports.ts'
import type { CssTools } from './css.ts'
import type { AppScan } from './scan.ts'

/** Config loaded and the app scanned: enough for the client bundle. */
export interface BuildContext {
  config: ResolvedConfig
  scan: AppScan
  imports: AutoImports
  /** Preprocessors and the app's PostCSS config (build/css.ts). */
  css: CssTools
}

/** The client is built: the server bundles link its files. */
export interface ServerStage extends BuildContext {
  clientAssets: ClientAssets
}

/** The precache manifest is made: the worker can be bundled. */
export interface WorkerStage extends ServerStage {
  precache: PrecacheEntry[]
  /** Whether the worker bridges cookies (see sw/cookies.ts). */
  cookies: boolean
}
