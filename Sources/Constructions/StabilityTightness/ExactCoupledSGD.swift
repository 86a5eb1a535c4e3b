import Numerics

/// Coupled SGD on a quadratic loss in exact rationals, over every index sequence of a short horizon
/// (sampling with replacement, each sequence of probability n^{-T}). Expectations over the algorithm's
/// randomness are then finite sums — the exact reference for definitions and estimators.
public struct ExactCoupledSGD: Sendable {
    public let loss: QuadraticLoss
    public let s: [LabeledPoint]
    public let sPrime: [LabeledPoint]
    public let steps: [Rational]
    public let initial: [Rational]

    /// The largest number of index sequences enumerated (n^T); beyond it the caller must simulate.
    public static let maximumSequences = 1 << 16

    /// Throws for mismatched sizes or dimensions, an empty horizon, a step ≤ 0 or n^T above `maximumSequences`.
    /// `s` and `sPrime` need not be twins (the same function serves S against itself).
    public init(loss: QuadraticLoss, s: [LabeledPoint], sPrime: [LabeledPoint], steps: [Rational], initial: [Rational]) throws {
        guard !s.isEmpty, !steps.isEmpty else { throw NumericsError.empty(operation: "ExactCoupledSGD") }
        // SGD steps are positive: a zero step freezes the run and a negative one ascends the loss.
        for (t, a) in steps.enumerated() where !(Rational.zero < a) {
            throw NumericsError.invalidArgument(operation: "ExactCoupledSGD", detail: "steps[\(t)] = \(a) must be > 0")
        }
        guard s.count == sPrime.count else {
            throw NumericsError.dimensionMismatch(operation: "ExactCoupledSGD", expected: "\(s.count) points in S'", got: "\(sPrime.count)")
        }
        let d = loss.dimension
        guard initial.count == d else {
            throw NumericsError.dimensionMismatch(operation: "ExactCoupledSGD", expected: "w0 of dimension \(d)", got: "\(initial.count)")
        }
        for z in s + sPrime where z.x.count != d {
            throw NumericsError.dimensionMismatch(operation: "ExactCoupledSGD", expected: "points of dimension \(d)", got: "\(z.x.count)")
        }
        var count = 1
        for _ in steps {
            count *= s.count
            guard count <= Self.maximumSequences else {
                throw NumericsError.invalidArgument(operation: "ExactCoupledSGD",
                                                    detail: "n^T = \(s.count)^\(steps.count) exceeds \(Self.maximumSequences) index sequences")
            }
        }
        self.loss = loss; self.s = s; self.sPrime = sPrime; self.steps = steps; self.initial = initial
    }

    /// (w_T, w'_T) for every index sequence, in lexicographic order of the sequence.
    public func finalPairs() throws -> [(w: [Rational], wPrime: [Rational])] {
        let xs = try s.map { try exact($0) }, xps = try sPrime.map { try exact($0) }
        var out: [(w: [Rational], wPrime: [Rational])] = []
        func descend(_ t: Int, _ w: [Rational], _ wp: [Rational]) throws {
            if t == steps.count { out.append((w, wp)); return }
            for i in 0..<s.count {
                try descend(t + 1, try step(w, xs[i], steps[t]), try step(wp, xps[i], steps[t]))
            }
        }
        try descend(0, initial, initial)
        return out
    }

    /// E‖w_T − w'_T‖ over the enumerated sequences: exact when every norm is rational, else a certified enclosure.
    public func expectedDivergence(_ pairs: [(w: [Rational], wPrime: [Rational])]) throws -> Quantity {
        guard !pairs.isEmpty else { throw NumericsError.empty(operation: "ExactCoupledSGD.expectedDivergence") }
        var sum = Quantity.zero
        for p in pairs {
            var squared = Rational.zero
            for k in 0..<p.w.count { let d = try p.w[k] - p.wPrime[k]; squared = try squared + d * d }
            sum = try sum + Quantity.exact(squared).squareRoot()
        }
        return try sum / .exact(Rational(pairs.count))
    }

    /// E|f(w_T; z) − f(w'_T; z)| over the enumerated sequences, exactly.
    public func expectedLossGap(_ pairs: [(w: [Rational], wPrime: [Rational])], at z: LabeledPoint) throws -> Rational {
        guard !pairs.isEmpty else { throw NumericsError.empty(operation: "ExactCoupledSGD.expectedLossGap") }
        var sum = Rational.zero
        for p in pairs { sum = try sum + (try value(p.w, z) - value(p.wPrime, z)).magnitude }
        return try sum / Rational(pairs.count)
    }

    /// ½wᵀAw − y·xᵀw exactly.
    public func value(_ w: [Rational], _ z: LabeledPoint) throws -> Rational {
        let (x, y) = try exact(z)
        var q = Rational.zero, lin = Rational.zero
        for i in 0..<w.count {
            var r = Rational.zero
            for j in 0..<w.count where loss.a[i][j] != .zero { r = try r + loss.a[i][j] * w[j] }
            q = try q + w[i] * r
            lin = try lin + x[i] * w[i]
        }
        return try q / Rational(2) - y * lin
    }

    func step(_ w: [Rational], _ z: (x: [Rational], y: Rational), _ alpha: Rational) throws -> [Rational] {
        var next = w
        for i in 0..<w.count {
            var g = -(try z.y * z.x[i])
            for j in 0..<w.count where loss.a[i][j] != .zero { g = try g + loss.a[i][j] * w[j] }
            next[i] = try w[i] - alpha * g
        }
        return next
    }

    func exact(_ z: LabeledPoint) throws -> (x: [Rational], y: Rational) {
        (try z.x.map { try Rational(exactly: $0) }, try Rational(exactly: z.y))
    }
}
