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
