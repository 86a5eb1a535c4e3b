import Numerics

/// A model given by its per-sample loss gradients ∇f(w; z_j), written once over any `Real` so that
/// the same code runs in Double, in Float80 and on dual numbers. Differentiating the analytic
/// gradient once more with forward-mode dual numbers gives Hessian-vector products with no
/// finite-difference error (only the rounding of the arithmetic).
public protocol SampleGradientModel: Sendable {
    /// Number of parameters (the length of w).
    var parameterCount: Int { get }
    /// Number of samples z_1…z_n.
    var sampleCount: Int { get }
    /// g += scale·∇f(w; z_j). Callers guarantee w.count = g.count = parameterCount and 0 ≤ j < n
    /// (the public entry points below check them).
    func accumulateSampleGradient<T: Real>(_ w: [T], sample j: Int, scale: T, into g: inout [T])
}

extension SampleGradientModel {
    @inlinable
    func checkParameters<T>(_ w: [T], _ operation: String, _ name: String = "w") throws {
        guard w.count == parameterCount else {
            throw NumericsError.dimensionMismatch(operation: operation, expected: "\(name) of length \(parameterCount)", got: "\(w.count)")
        }
    }

    @inlinable
    func checkSamples(_ samples: [Int], _ operation: String) throws {
        guard !samples.isEmpty else { throw NumericsError.empty(operation: "\(operation) (samples)") }
        for j in samples where j < 0 || j >= sampleCount {
            throw NumericsError.invalidArgument(operation: operation, detail: "samples: index \(j) outside 0..<\(sampleCount)")
        }
    }

    /// Every sample index 0..<n.
    @inlinable public var allSamples: [Int] { Array(0..<sampleCount) }

    /// ∇f(w; z_j). Throws `.dimensionMismatch` naming `w` or `.invalidArgument` naming `samples`.
    @inlinable
    public func sampleGradient<T: Real>(_ w: [T], sample j: Int) throws -> [T] {
        try checkParameters(w, "sampleGradient")
        try checkSamples([j], "sampleGradient")
        var g = [T](repeating: .zero, count: parameterCount)
        accumulateSampleGradient(w, sample: j, scale: .one, into: &g)
        return g
    }

    /// (1/|B|) Σ_{j∈B} ∇f(w; z_j) for the index list B (repetitions count).
    @inlinable
    public func meanGradient<T: Real>(_ w: [T], samples: [Int]) throws -> [T] {
        try checkParameters(w, "meanGradient")
        try checkSamples(samples, "meanGradient")
        var g = [T](repeating: .zero, count: parameterCount)
        let s = T.one / T(samples.count)
        for j in samples { accumulateSampleGradient(w, sample: j, scale: s, into: &g) }
        return g
    }

    /// H_B(w)·v, the Hessian of (1/|B|) Σ_{j∈B} f(w; z_j) applied to v: the mean gradient evaluated
    /// at w + εv on dual numbers, whose ε-part is exactly the directional derivative (one forward
    /// pass, no finite differences). Throws `.dimensionMismatch` naming `w` or `v`.
    @inlinable
    public func hessianVectorProduct<T: Real>(at w: [T], along v: [T], samples: [Int]) throws -> [T] {
        try checkParameters(w, "hessianVectorProduct")
        try checkParameters(v, "hessianVectorProduct", "v")
        try checkSamples(samples, "hessianVectorProduct")
        let wd = (0..<w.count).map { Dual(w[$0], derivative: v[$0]) }
        var g = [Dual<T>](repeating: .zero, count: parameterCount)
        let s = Dual<T>(constant: .one / T(samples.count))
        for j in samples { accumulateSampleGradient(wd, sample: j, scale: s, into: &g) }
        return g.map(\.derivative)
    }

    /// The mean Hessian H_B(w) assembled from Hessian-vector products with the unit vectors.
    @inlinable
    public func meanHessian<T: Real>(at w: [T], samples: [Int]) throws -> Matrix<T> {
        let p = parameterCount
        var h = try Matrix<T>(rows: p, columns: p)
        var e = [T](repeating: .zero, count: p)
        for c in 0..<p {
            e[c] = .one
            let col = try hessianVectorProduct(at: w, along: e, samples: samples)
            for r in 0..<p { h[r, c] = col[r] }
            e[c] = .zero
        }
        return h
    }
}
