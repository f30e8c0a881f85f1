/** The runtimes swerve bundles for, and what each of them may receive. */
export type TargetName = 'client' | 'sw' | 'node' | 'cloudflare'

export interface Target {
  name: TargetName
  /** `import.meta.client`; server code elsewhere (`import.meta.server`). */
  client: boolean
  platform: 'node' | 'browser'
  conditions: string[]
  /** Runs at the origin: private runtimeConfig may be bundled. The page and the worker run on the visitor's device. */
  origin: boolean
}

export const targets: Record<TargetName, Target> = {
  client: { name: 'client', client: true, platform: 'browser', conditions: ['browser'], origin: false },
  sw: { name: 'sw', client: false, platform: 'browser', conditions: ['worker', 'browser'], origin: false },
  node: { name: 'node', client: false, platform: 'node', conditions: ['node'], origin: true },
  cloudflare: { name: 'cloudflare', client: false, platform: 'browser', conditions: ['workerd', 'worker', 'browser'], origin: true },
}

/** The servers a build can write beside the client and the worker (build/presets.ts). */
export const PRESET_NAMES = ['node', 'cloudflare', 'static'] as const
export type PresetName = typeof PRESET_NAMES[number]

export function isPresetName(name: string): name is PresetName {
  return (PRESET_NAMES as readonly string[]).includes(name)
}
