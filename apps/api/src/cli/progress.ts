// A progress bar for long command-line jobs, redrawn in place on a terminal.

/** `[#########           ]  45 %  450,000 / 1,000,000 reports` */
export function progressBar({ done, total }: { done: number; total: number }, width = 30): string {
  const share = total > 0 ? Math.min(done / total, 1) : 1
  const filled = Math.round(share * width)
  return `[${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${String(Math.floor(share * 100)).padStart(3)} %  ${done.toLocaleString('en')} / ${total.toLocaleString('en')} reports`
}
