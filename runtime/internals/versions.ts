/**
 * The versions of swerve's own dependencies whose internals it reads (this folder), as each was
 * written and tested for: package.json pins each to it, and test/internals.test.ts compares them
 * with what is installed, so bumping one fails until its file here has been checked against the
 * new version.
 */
export const WRITTEN_FOR = {
  'db0': '0.4.2',
  'h3': '2.0.8',
  'srvx': '1.0.8',
  'unstorage': '1.17.6',
  'vue': '3.5.45',
  'vue-router': '5.5.1',
} as const

/** `[version, the next patch)`: the one version a range holds. */
const only = (version: string): [string, string] => {
  const [major, minor, patch] = version.split('.')
  return [version, `${major}.${minor}.${Number(patch) + 1}`]
}

/**
 * Every use of a library's non-public surface (each in this folder), with the version it was
 * written for and the range it is known to hold in. A range is what a test runs: the ends of the
 * range of a package the app's bundle may bring (`shared`) are test/fixtures/internals-lowest and
 * -highest (test/internals-range.test.ts); swerve's own copy of the others is the version
 * package.json pins, so their range is that one version. `swerve build` checks the copy the app's
 * bundle resolves (build/internals.ts): outside the range, a use with `publicPath` takes it (the
 * runtime checks the version itself), and any other fails the build naming the package and the range.
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
    supported: only(WRITTEN_FOR.vue),
    uses: ['runtime/internals/vue.ts: app._context.propsCache and emitsCache, shared by a server\'s apps', 'runtime/internals/vue-hmr.ts: __VUE_HMR_RUNTIME__ (client/dev.ts, dev only)'],
    publicPath: 'each app normalizes its components\' props and emits itself (runtime/internals/vue.ts checks the version)',
    shared: true,
  },
  'vue-router': {
    written: WRITTEN_FOR['vue-router'],
    // 5.0.0 and 5.5.1: test/fixtures/internals-lowest and -highest.
    supported: ['5.0.0', '5.6.0'],
    uses: ['runtime/internals/vue-router.ts: the `matcher` option of createRouter and its matcher records (runtime/app/app-router.ts)'],
    shared: true,
  },
  'pinia': {
    written: '3.0.4',
    // 2.2.0 and 4.1.0: test/fixtures/internals-lowest and -highest.
    supported: ['2.2.0', '4.2.0'],
    uses: ['runtime/internals/pinia.ts: pinia._s, the stores by id, to keep their state across a hot update (client/dev.ts, dev only)'],
    shared: true,
  },
  'h3': {
    written: WRITTEN_FOR.h3,
    supported: only(WRITTEN_FOR.h3),
    uses: ['runtime/internals/h3.ts: the router\'s `~` members, and event.req replaced (typed read-only; runtime/server/body-limit.ts)'],
  },
  'srvx': {
    written: WRITTEN_FOR.srvx,
    supported: only(WRITTEN_FOR.srvx),
    uses: ['runtime/internals/srvx.ts: FastResponse\'s _toNodeResponse()'],
  },
  'unstorage': {
    written: WRITTEN_FOR.unstorage,
    supported: only(WRITTEN_FOR.unstorage),
    uses: ['runtime/internals/unstorage.ts: the db0 driver\'s table, its columns and options (runtime/server/sql-storage.ts, sync-log-sql.ts); the redis driver\'s key layout and getInstance() (runtime/server/sync-log.ts)'],
  },
  'db0': {
    written: WRITTEN_FOR.db0,
    supported: only(WRITTEN_FOR.db0),
    uses: ['runtime/internals/db0.ts: the postgresql connector\'s `lib.Client`, replaced by a pooled stand-in'],
  },
}
