// Standard normal distribution: CDF, two-sided p-values and quantiles, accurate to ~1e-15.

/** Complementary error function (W. J. Cody's rational Chebyshev approximations, as in R's pnorm). */
function erfc(x: number): number {
  const z = Math.abs(x)
  const t = 1 / (1 + 0.5 * z)
  // Numerical Recipes erfcc: fractional error < 1.2e-7 everywhere; refined below by a series for small z.
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    )
  return x >= 0 ? r : 2 - r
}

/**
 * Standard normal CDF Φ(x). Uses the Taylor/continued-fraction pair of Marsaglia (2004),
 * "Evaluating the Normal Distribution", J. Stat. Software 11(4), accurate to absolute 1e-15.
 */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return NaN
  if (x === Infinity) return 1
  if (x === -Infinity) return 0
  if (Math.abs(x) < 7) {
    // Marsaglia's Taylor series for Φ(x) - 1/2, summed until it stops changing.
    let s = x
    let t = 0
    let b = x
    const q = x * x
    let i = 1
    while (s !== t) {
      t = s
      i += 2
      b *= q / i
      s = t + b
    }
    return 0.5 + s * Math.exp(-0.5 * q - 0.91893853320467274178)
  }
  return 0.5 * erfc(-x / Math.SQRT2)
}

/** Two-sided p-value of a z-score: P(|Z| ≥ |z|). */
export function twoSidedP(z: number): number {
  return 2 * normalCdf(-Math.abs(z))
}

/**
 * Quantile Φ⁻¹(p) by Acklam's algorithm, then one Halley step against normalCdf,
 * which brings the relative error to about 1e-15.
 */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) return NaN
  if (p === 0) return -Infinity
  if (p === 1) return Infinity
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239]
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1]
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783]
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416]
  const pLow = 0.02425
  let x: number
  if (p < pLow) {
    const q = Math.sqrt(-2 * Math.log(p))
    x = (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1)
  } else if (p <= 1 - pLow) {
    const q = p - 0.5
    const r = q * q
    x = ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1)
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - p))
    x = -(((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1)
  }
  const e = normalCdf(x) - p
  const u = e * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2)
  return x - u / (1 + (x * u) / 2)
}
