// Under `worker: false` (swerve.config.ts): only the origin server has this route; the
// worker sends it to the network, online or not (docs/routing.md).
export default defineHandler(() => ({ time: new Date().toISOString(), answeredBy: 'the origin server' }))
