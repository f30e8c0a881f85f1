/**
 * Files a stylesheet's `url()` names (fonts, images), as Vite handles them (docs/ecosystem.md#assets):
 * each is emitted once, hashed, under `_swerve/assets/`, and the reference keeps its query and
 * fragment (`font.eot?#iefix&v=4.7.0`). An absolute `/x.png` is a file of `public/`, left to it.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { Loader, Plugin } from 'esbuild'
import type { ResolvedConfig } from './config.ts'

/** Vite's known asset types. Vite inlines those under 4 KiB as `data:` URLs; swerve never does (see the docs). */
const ASSET_EXTENSIONS = [
  'apng', 'bmp', 'png', 'jpg', 'jpeg', 'jfif', 'pjpeg', 'pjp', 'gif', 'svg', 'ico', 'webp', 'avif', 'cur', 'jxl',
  'mp4', 'webm', 'ogg', 'mp3', 'wav', 'flac', 'aac', 'opus', 'mov', 'm4a', 'vtt',
  'woff', 'woff2', 'eot', 'ttf', 'otf',
  'webmanifest', 'pdf', 'txt',
]

/** esbuild's `file` loader for each: the file is copied with its hash and its URL put in its place. */
export const assetLoaders: Record<string, Loader> = Object.fromEntries(ASSET_EXTENSIONS.map(ext => [`.${ext}`, 'file']))

/** `/x.png?v=1#a` without its query and fragment. */
const pathOf = (url: string) => url.replace(/[?#].*$/, '')

/**
 * `url(/x.png)` in a stylesheet: a file of a layer's `public/`, served at the app's base
 * (`/sub/x.png` under `base: '/sub/'`); any other absolute URL is left as it is written.
 */
export function publicUrlPlugin(config: Pick<ResolvedConfig, 'base' | 'layers'>): Plugin {
  const inPublic = (path: string) => config.layers.some(layer => existsSync(join(layer.root, 'public', path)))
  return {
    name: 'swerve:public-urls',
    setup(build) {
      build.onResolve({ filter: /^\/[^/]/ }, (args) => {
        if (args.kind !== 'url-token') return undefined
        const path = pathOf(args.path)
        return { path: inPublic(path) ? `${config.base}${args.path.slice(1)}` : args.path, external: true }
      })
    },
  }
}

/** A stylesheet a module imports for its side effect (not a CSS module, whose class names the server needs). */
const STYLESHEET_IMPORT = /\.(css|scss|sass|less|styl|stylus)$/

/**
 * Server bundles (the worker, Node, workerd): a stylesheet imported from code (`import
 * '@mdi/font/css/materialdesignicons.css'` in a plugin) is the client's to bundle, so here it is
 * an empty module, as in Vite's server build. Its fonts are not emitted twice, or at all
 * where no loader is set.
 */
export const serverStylesPlugin: Plugin = {
  name: 'swerve:server-styles',
  setup(build) {
    build.onResolve({ filter: STYLESHEET_IMPORT }, (args) => {
      if (args.kind === 'url-token' || args.kind === 'import-rule' || args.kind === 'composes-from' || /\.module\.\w+$/.test(args.path)) return undefined
      return { path: args.path, namespace: 'swerve-server-style' }
    })
    build.onLoad({ filter: /.*/, namespace: 'swerve-server-style' }, () => ({ contents: '', loader: 'js' }))
  },
}
