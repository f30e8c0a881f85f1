/** Stub of the generated `#swerve/virtual/server-routes`: the worker host's view of the server, patterns only. */

/** The server routes in this worker's pipeline (rou3 patterns). */
export const routes: string[] = []
/** Route patterns the origin answers and the worker leaves to the network. */
export const originRoutes: string[] = []
