/**
 * The versions of the libraries whose internals swerve reads (this folder), as each was
 * written and tested for. test/internals.test.ts compares them with what is installed, so
 * bumping one fails until its file here has been checked against the new version.
 */
export const WRITTEN_FOR = {
  'h3': '2.0.8',
  'srvx': '1.0.8',
  'vue': '3.5.45',
  'vue-router': '5.5.1',
} as const

/**
 * Every use of a library's non-public surface, with the version it was written for and the
 * range it is known to hold in. `swerve build` checks the copy the app's bundle resolves
 * (build/internals.ts: the app's own vue, vue-router and pinia when it has them): outside the
 * range, a use with `publicPath` takes it (the runtime checks the version itself), and any
 * other fails the build naming the package and the range.
 */
export interface InternalUse {
  written: string
  /** `[lowest, below]`: the versions from `lowest` up to, not including, `below`. */
  supported: [string, string]
  /** What swerve reads that the library does not document, and where. */
  uses: string[]
  /** What runs instead outside the range; absent: the build fails there. */
  publicPath?: string
  /** The app's copy when it has one (build/bundle.ts's shared packages), else swerve's. */
  shared?: boolean
}

export const INTERNALS: Record<string, InternalUse> = {
  'vue': {
    written: WRITTEN_FOR.vue,
    supported: [WRITTEN_FOR.vue, '3.5.46'],
    uses: ['runtime/internals/vue.ts: app._context.propsCache and emitsCache, shared by a server\'s apps', 'client/dev.ts: __VUE_HMR_RUNTIME__ (dev only)'],
    publicPath: 'each app normalizes its components\' props and emits itself (runtime/internals/vue.ts checks the version)',
    shared: true,
  },
  'vue-router': {
    written: WRITTEN_FOR['vue-router'],
    supported: ['5.0.0', '5.6.0'],
    uses: ['runtime/internals/vue-router.ts and runtime/app/router.ts: the `matcher` option of createRouter and its matcher records'],
    shared: true,
  },
  'pinia': {
    written: '3.0.4',
    // 4.1.0 (@pinia/nuxt 1's, test/fixtures/modules-registry) keeps the stores in the same `_s` Map.
    supported: ['2.2.0', '5.0.0'],
    uses: ['client/dev.ts: pinia._s, the stores by id, to keep their state across a hot update (dev only)'],
    shared: true,
  },
  'h3': {
    written: WRITTEN_FOR.h3,
    supported: [WRITTEN_FOR.h3, '2.1.0'],
    uses: ['runtime/internals/h3.ts: the router\'s `~` members', 'runtime/server/body-limit.ts: event.req replaced (typed read-only)'],
  },
  'unstorage': {
    written: '1.17.6',
    supported: ['1.17.0', '1.18.0'],
    uses: ['runtime/server/sql-storage.ts and sync-log-sql.ts: the db0 driver\'s table and its columns', 'runtime/server/sync-log.ts: the redis driver\'s key layout and getInstance()'],
  },
  'db0': {
    written: '0.4.2',
    supported: ['0.4.0', '0.5.0'],
    uses: ['runtime/server/postgres-pool.ts: the postgresql connector\'s `lib.Client`, replaced by a pooled stand-in'],
  },
}
