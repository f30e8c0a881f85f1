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
