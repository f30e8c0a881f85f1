/** The page shown when the app cannot build at all; it reloads once a build succeeds. */
const escape = (text: string) => text.replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`)

export function errorPage(message: string): string {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Build error · swerve dev</title></head>
<body style="margin:0;background:#1d2433;color:#fff;font:14px/1.5 ui-monospace,monospace">
<div id="swerve-error-overlay" style="padding:2rem"><h1 style="font:600 1.2rem system-ui;color:#ff8a80">Build error</h1><pre style="white-space:pre-wrap">${escape(message)}</pre></div>
<script>new EventSource('/__swerve/events').onmessage = (e) => { if (JSON.parse(e.data).type !== 'error') location.reload() }</script>
</body></html>`
}
