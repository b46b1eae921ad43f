// Axis helpers for the hand-drawn SVG charts: rounded tick steps and linear scales.

/** A step of 1, 2 or 5 × 10^k that splits `max` into at most `count` intervals. */
export function niceStep(max: number, count = 5): number {
  if (max <= 0) return 1
  const raw = max / count
  const power = 10 ** Math.floor(Math.log10(raw))
  const unit = raw / power
  const step = unit <= 1 ? 1 : unit <= 2 ? 2 : unit <= 5 ? 5 : 10
  return Math.max(step * power, Number.EPSILON)
}

export function ticks(max: number, count = 5, integer = true): number[] {
  let step = niceStep(max, count)
  if (integer) step = Math.max(1, Math.round(step))
  const top = Math.max(step, Math.ceil(max / step) * step)
  const out: number[] = []
  for (let v = 0; v <= top + step / 2; v += step) out.push(Math.round(v * 1e6) / 1e6)
  return out
}

export function linear(domain: [number, number], range: [number, number]): (v: number) => number {
  const [d0, d1] = domain
  const [r0, r1] = range
  const k = d1 === d0 ? 0 : (r1 - r0) / (d1 - d0)
  return (v) => r0 + (v - d0) * k
}

/** Rounded for compact SVG output. */
export const r1 = (v: number): number => Math.round(v * 10) / 10
