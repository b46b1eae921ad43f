// Fails CI when a production dependency has a high or critical advisory; when the advisory service cannot be
// reached it fails too, saying so plainly (an audit that did not run must not pass as a clean one).
import { spawnSync } from 'node:child_process'

const run = spawnSync('npm', ['audit', '--omit=dev', '--json'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
let report
try {
  report = JSON.parse(run.stdout)
} catch {
  console.error(`npm audit gave no JSON (exit ${run.status}):\n${run.stderr}`)
  process.exit(2)
}

if (report.statusCode || report.error || !report.metadata) {
  const why = report.message ?? report.error?.summary ?? 'no advisory data'
  console.error(`npm audit could not reach the advisory service: ${why}`)
  console.error('The audit did not run. Check registry access (the bulk advisory endpoint needs POST), then run again.')
  process.exit(2)
}

const counts = report.metadata.vulnerabilities
const serious = Object.values(report.vulnerabilities ?? {}).filter((v) => v.severity === 'high' || v.severity === 'critical')
console.log(`npm audit (production dependencies): ${JSON.stringify(counts)}`)
for (const v of serious) {
  const via = v.via.map((x) => (typeof x === 'string' ? x : `${x.title} (${x.url})`)).join('; ')
  console.error(`  ${v.severity}: ${v.name} ${v.range} — ${via}${v.fixAvailable ? ' — fix available' : ''}`)
}
process.exit(serious.length > 0 ? 1 : 0)
