/**
 * Where a worker's start went, in ms since it started, as it answers `SWERVE_BOOT`
 * (with its `buildId`): its script evaluated, the first request arrived, the pipeline
 * imported and created, the first request answered; on a navigation the render cache
 * answered, its kept page found and its inputs checked. `npm run bench` reads it
 * (bench/browser.ts); the floor's worker (bench/floor-sw.js) answers in the same shape.
 */
export interface WorkerBoot {
  evaluated: number
  firstFetch?: number
  firstResponse?: number
  pipelineImported?: number
  pipelineCreated?: number
  renderFound?: number
  renderChecked?: number
}
