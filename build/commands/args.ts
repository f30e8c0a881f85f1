/** Arguments the serving commands (dev, preview) share. */
export const serveArgs = {
  root: { type: 'positional', description: 'App folder', default: '.', required: false },
  port: { type: 'string', description: 'Port', default: '3000' },
  host: { type: 'string', description: 'Host', default: '127.0.0.1' },
} as const
