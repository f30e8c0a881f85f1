/** Stub of the generated `#swerve/virtual/storage`: Node hosts' storage mounts from swerve.config (build/storage-mounts.ts). */
import type { Driver } from 'unstorage'

export interface StorageMountEntry {
  base: string
  driver: (options: any) => Driver
  /** The driver's options as the config wrote them; `SWERVE_STORAGE_<BASE>_<OPTION>` overrides at start. */
  options: Record<string, unknown>
}

export const mounts: StorageMountEntry[] = []
