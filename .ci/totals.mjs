// Reads the JSON reports of vitest and Playwright, refuses skipped tests, and prints the totals line.
import { existsSync, readFileSync } from 'node:fs'

const [unitStatus, e2eStatus] = process.argv.slice(2).map(Number)
let passed = 0
let failed = 0
let skipped = 0
const problems = []

if (existsSync('test-results/vitest.json')) {
  const v = JSON.parse(readFileSync('test-results/vitest.json', 'utf8'))
  passed += v.numPassedTests
  failed += v.numFailedTests
  skipped += v.numPendingTests + (v.numTodoTests ?? 0)
  console.log(`vitest: ${v.numPassedTests} passed, ${v.numFailedTests} failed, ${v.numPendingTests} skipped`)
} else {
  problems.push('vitest wrote no report')
}

if (existsSync('test-results/playwright.json')) {
  const p = JSON.parse(readFileSync('test-results/playwright.json', 'utf8'))
  const s = p.stats
  passed += s.expected + s.flaky
  failed += s.unexpected
  skipped += s.skipped
  console.log(`playwright: ${s.expected + s.flaky} passed, ${s.unexpected} failed, ${s.skipped} skipped`)
} else {
  problems.push('playwright wrote no report')
}

if (skipped > 0)
  problems.push(`${skipped} tests were skipped; in CI every PostgreSQL and browser test must run`)
if (unitStatus !== 0 && failed === 0) problems.push(`npm test exited ${unitStatus}`)
if (e2eStatus !== 0 && failed === 0) problems.push(`npm run test:e2e exited ${e2eStatus}`)
if (passed === 0) problems.push('no test ran')
for (const problem of problems) console.log(`CI: ${problem}`)
const extra = problems.length > 0 && failed === 0 ? 1 : 0
console.log(`${passed} passed, ${failed + extra} failed`)
process.exit(failed + extra > 0 || unitStatus !== 0 || e2eStatus !== 0 ? 1 : 0)
