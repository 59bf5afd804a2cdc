import { runCli } from './cli/program'

// `job-monitor …` and `npm run cli -- …` both land here.
runCli(process.argv.slice(2)).then((code) => {
  process.exitCode = code
})
