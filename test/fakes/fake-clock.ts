/** A clock shared by the fakes and the code under test: `set`, `advance`, or leave it running. */
export class FakeClock {
  private offsetMs: number
  private frozenAt: number | null

  constructor(start: string | Date = '2026-11-28T06:00:00.000Z', frozen = true) {
    const at = new Date(start).getTime()
    this.offsetMs = at - Date.now()
    this.frozenAt = frozen ? at : null
  }

  now = (): Date => new Date(this.frozenAt ?? Date.now() + this.offsetMs)

  set(at: string | Date): void {
    const ms = new Date(at).getTime()
    if (this.frozenAt !== null) this.frozenAt = ms
    else this.offsetMs = ms - Date.now()
  }

  advance(ms: number): void {
    if (this.frozenAt !== null) this.frozenAt += ms
    else this.offsetMs += ms
  }
}
