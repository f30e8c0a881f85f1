/**
 * The package build (docs/contributing.md): every source file becomes one `dist/**` module,
 * as written. Unbundled, because an app's build bundles swerve's runtime with the app itself:
 * it tree-shakes it, and resolves the `#swerve/virtual/*` modules only the app's build can
 * write. Declarations for the public entries.
 */
import { defineConfig } from 'tsdown'

export default defineConfig({
  entry: ['build/**/*.ts', 'runtime/**/*.ts', 'sw/**/*.ts', 'client/**/*.ts', 'presets/**/*.ts', 'playwright/**/*.ts'],
  outDir: 'dist',
  root: '.',
  unbundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  fixedExtension: true,
  dts: { tsconfig: 'tsconfig.json' },
  // Bare imports stay imports: dependencies (and the optional peer @playwright/test, whose types
  // tsdown would otherwise copy into dist/) are installed beside swerve; `#swerve/virtual/*` is
  // written by the app's build (build/virtual.ts), never by this one.
  deps: { neverBundle: [/^[^./]/] },
  copy: [{ from: 'types/env.d.ts', to: 'dist/types' }],
  clean: true,
  logLevel: 'warn',
  // rolldown's note that declarations take most of the build's time: known, and the build takes seconds.
  inputOptions: { checks: { pluginTimings: false } },
})
