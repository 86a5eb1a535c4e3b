import Numerics

/// The paper's Def. 5 (ξ-self-correlated data), exactly. For features x_1…x_n let
/// H = (1/n) Σ_i x_i x_iᵀ (the empirical second-moment matrix). Then
///
///     x_jᵀ H x_j = (1/n) Σ_i (x_jᵀ x_i)²,
///
/// and the data set is ξ-self-correlated for every ξ ≤ ξ(S) := min_j x_jᵀ H x_j (the definition also
/// asks ξ > 0, i.e. no x_j is the zero vector). Everything is rational, so the values are exact;
/// `Rational` throws `.overflow` when a reduced result needs more than 127 bits.
///
/// Bad input throws a `NumericsError` naming the argument `features`: `.empty` for no samples,
/// `.invalidArgument` for zero-width features, `.dimensionMismatch` for ragged rows and (for
/// Double data) `.nonFinite` for NaN or ±∞.
public func selfCorrelations(of features: [[Rational]]) throws -> [Rational] {
    try validateFeatures(features, "selfCorrelations(of: features)")
    let n = Rational(features.count)
    return try features.map { xj in
        var s = Rational.zero
        for xi in features {
            let c = try Exact.dot(xj, xi)
            s = try s + c * c
        }
        return try s / n
    }
}

/// ξ(S) = min_j x_jᵀ H x_j, exactly (see `selfCorrelations(of:)`).
public func selfCorrelation(of features: [[Rational]]) throws -> Rational {
    try selfCorrelations(of: features).min()! // non-empty: selfCorrelations throws for no samples
}

/// ξ(S) for Double features, each converted exactly to a rational (so the value is that of the
/// data as stored). Throws `.nonFinite` naming `features` for NaN or ±∞.
public func selfCorrelation(of features: [[Double]]) throws -> Rational {
    try selfCorrelation(of: exactFeatures(features, "selfCorrelation(of: features)"))
}

/// Double rows converted exactly to rationals; throws `.nonFinite` naming the argument.
func exactFeatures(_ features: [[Double]], _ operation: String) throws -> [[Rational]] {
    try features.enumerated().map { i, row in
        try row.map { v in
            guard v.isFinite else { throw NumericsError.nonFinite(operation: operation, detail: "sample \(i) has entry \(v)") }
            return try Rational(exactly: v)
        }
    }
}

/// H = (1/n) Σ_i x_i x_iᵀ exactly (same input rules as `selfCorrelations(of:)`).
public func empiricalSecondMoment(of features: [[Rational]]) throws -> [[Rational]] {
    try validateFeatures(features, "empiricalSecondMoment(of: features)")
    let d = features[0].count, n = Rational(features.count)
    var h = Exact.zeros(d, d)
    for x in features {
        for r in 0..<d where !x[r].isZero {
            for c in 0..<d { h[r][c] = try h[r][c] + x[r] * x[c] }
        }
    }
    return try h.map { try $0.map { try $0 / n } }
}

/// Throws unless `features` is a non-empty list of rows of one positive width.
func validateFeatures<T>(_ features: [[T]], _ operation: String) throws {
    guard let first = features.first else { throw NumericsError.empty(operation: operation) }
    guard !first.isEmpty else { throw NumericsError.invalidArgument(operation: operation, detail: "features have width 0") }
    for (i, x) in features.enumerated() where x.count != first.count {
        throw NumericsError.dimensionMismatch(operation: operation, expected: "width \(first.count)", got: "\(x.count) at sample \(i)")
    }
}
