import Numerics

/// Derivatives by finite differences that are exact for the polynomials of the paper-002 constructions: with unit
/// steps, the central difference (φ(x + e_k) − φ(x − e_k))/2 is the exact partial derivative when φ has degree ≤ 2 in
/// x_k; the mixed difference [φ(+a+b) − φ(+a−b) − φ(−a+b) + φ(−a−b)]/4 is the exact ∂²φ/∂x_a∂x_b when φ has degree ≤ 2
/// in each of x_a and x_b; the second difference φ(x + e_a) − 2φ(x) + φ(x − e_a) is exact for degree ≤ 3 in x_a.
/// (Deep linear networks are multilinear in their parameters, so their squared losses qualify.)
public enum ExactDifferences {
    static func shifted(_ x: [Rational], _ steps: [(Int, Rational)]) throws -> [Rational] {
        var y = x
        for (k, s) in steps { y[k] = try y[k] + s }
        return y
    }

    public static func gradient(_ f: ([Rational]) throws -> Rational, at x: [Rational]) throws -> [Rational] {
        try x.indices.map { k in try (f(try shifted(x, [(k, .one)])) - f(try shifted(x, [(k, -Rational.one)]))) / Rational(2) }
    }

    public static func hessian(_ f: ([Rational]) throws -> Rational, at x: [Rational]) throws -> [[Rational]] {
        let p = x.count, f0 = try f(x)
        var h = Exact.zeros(p, p)
        for a in 0..<p {
            h[a][a] = try f(try shifted(x, [(a, .one)])) - Rational(2) * f0 + f(try shifted(x, [(a, -Rational.one)]))
            for b in 0..<a {
                let pp = try f(try shifted(x, [(a, .one), (b, .one)])), pm = try f(try shifted(x, [(a, .one), (b, -Rational.one)]))
                let mp = try f(try shifted(x, [(a, -Rational.one), (b, .one)])), mm = try f(try shifted(x, [(a, -Rational.one), (b, -Rational.one)]))
                let v = try (pp - pm - mp + mm) / Rational(4)
                h[a][b] = v; h[b][a] = v
            }
        }
        return h
    }
}
