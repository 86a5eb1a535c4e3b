import Numerics
import TestSupport
import Testing

/// f(x) = ½ xᵀAx + bᵀx; its Hessian is A and its gradient Ax + b.
struct Quadratic: ScalarFunction {
    let a: Matrix<Double>
    let b: [Double]
    var inputDimension: Int { b.count }
    func callAsFunction<T: Real>(_ x: [T]) throws -> T {
        var s = T.zero
        for i in 0..<b.count {
            var row = T.zero
            for j in 0..<b.count { row += T(a[i, j]) * x[j] }
            s += T(0.5) * x[i] * row + T(b[i]) * x[i]
        }
        return s
    }
}

/// Softmax cross-entropy of a linear classifier, as a function of W (k×d, row-major):
/// f(W) = log Σ_c exp((Wx)_c) − (Wx)_y. Its Hessian is (diag p − ppᵀ) ⊗ (x xᵀ), p = softmax(Wx).
struct SoftmaxCrossEntropy: ScalarFunction {
    let x: [Double]
    let label: Int
    let classes: Int
    var inputDimension: Int { classes * x.count }
    func callAsFunction<T: Real>(_ w: [T]) throws -> T {
        let d = x.count
        let z: [T] = (0..<classes).map { c in
            var s = T.zero
            for k in 0..<d { s += w[c * d + k] * T(x[k]) }
            return s
        }
        let m = z.max()! // classes ≥ 1
        var sum = T.zero
        for v in z { sum += T.exp(v - m) }
        return m + T.log(sum) - z[label]
    }

    /// `dropOuterTerm: true` is a deliberate mutation (diag p ⊗ xxᵀ) for a negative check.
    func closedFormHessian(_ w: [Double], dropOuterTerm: Bool = false) throws -> Matrix<Double> {
        let d = x.count
        let z = (0..<classes).map { c in (0..<d).reduce(0.0) { $0 + w[c * d + $1] * x[$1] } }
        let m = z.max()!
        let e = z.map { Double.exp($0 - m) }
        let total = e.reduce(0, +)
        let p = e.map { $0 / total }
        let curvature = dropOuterTerm ? Matrix.diagonal(p) : try Matrix.diagonal(p).subtracting(Matrix.outer(p, p))
        return curvature.kronecker(Matrix.outer(x, x))
    }
}

/// Hessians assembled from HVPs are compared normwise with 60·n·ε·‖H‖_F, the same LAPACK-style
/// threshold as the factorisations (each entry is a short sum of products of O(1) terms).
func hessianTolerance(_ h: Matrix<Double>) -> Double { 60 * Double(h.rows) * Double.ulpOfOne * h.frobeniusNorm }

@Suite("Forward-mode dual numbers")
struct DualTests {
    @Test("Hessian from HVPs equals A on random quadratics; gradient equals Ax + b", arguments: [1, 2, 5, 9, 16])
    func quadratic(n: Int) throws {
        let a = try TestMatrices.symmetric(n, spectrum: .random, seed: UInt64(n))
        var rng = SeededGenerator(seed: UInt64(100 + n))
        let b = (0..<n).map { _ in rng.normal() }
        let x = (0..<n).map { _ in rng.normal() }
        let f = Quadratic(a: a, b: b)
        let h = try Derivatives.hessian(of: f, at: x)
        #expect(try h.subtracting(a).frobeniusNorm <= hessianTolerance(a))
        #expect(try h.maxAsymmetry() <= hessianTolerance(a))
        let g = try Derivatives.gradient(of: f, at: x)
        let expected = try Vector.add(a.applied(to: x), b)
        let tol = 60 * Double(n) * Double.ulpOfOne * (a.frobeniusNorm * Vector.norm2(x) + Vector.norm2(b))
        #expect(Vector.norm2(try Vector.subtract(g, expected)) <= tol)
        // HVP along a random direction equals A v.
        let v = (0..<n).map { _ in rng.normal() }
        let hv = try Derivatives.hessianVectorProduct(of: f, at: x, along: v)
        #expect(Vector.norm2(try Vector.subtract(hv, a.applied(to: v))) <= 60 * Double(n) * Double.ulpOfOne * a.frobeniusNorm * Vector.norm2(v))
    }

    @Test("Softmax cross-entropy: HVP Hessian is symmetric to rounding and equals (diag p − ppᵀ) ⊗ xxᵀ", arguments: 0..<12)
    func softmax(seed: Int) throws {
        var rng = SeededGenerator(seed: UInt64(seed))
        let classes = 2 + seed % 4, d = 1 + seed % 5
        let x = (0..<d).map { _ in rng.normal() }
        let f = SoftmaxCrossEntropy(x: x, label: try rng.int(below: classes), classes: classes)
        let w = (0..<(classes * d)).map { _ in 2 * rng.normal() }
        let h = try Derivatives.hessian(of: f, at: w)
        let closed = try f.closedFormHessian(w)
        let asymmetry = try h.maxAsymmetry()
        #expect(asymmetry <= hessianTolerance(closed), "asymmetry \(asymmetry)")
        #expect(try h.subtracting(closed).frobeniusNorm <= hessianTolerance(closed), "seed \(seed)")
        // Mutation: dropping −ppᵀ must be caught by the same comparison.
        let wrong = try f.closedFormHessian(w, dropOuterTerm: true)
        #expect(try h.subtracting(wrong).frobeniusNorm > hessianTolerance(closed))
    }

    @Test("Elementary-function derivatives match closed forms to a few ulps", arguments: [0.3, 0.9, 1.7, 4.2])
    func elementary(x: Double) throws {
        struct F: ScalarFunction {
            var inputDimension: Int { 1 }
            func callAsFunction<T: Real>(_ v: [T]) throws -> T {
                let t = v[0]
                return T.log1p(t * t) * T.sqrt(t) + T.pow(t, T(3)) / T.expm1(t) + T.exp(-t) * T.log(t)
            }
        }
        let g = try Derivatives.gradient(of: F(), at: [x])[0]
        let em1 = Double.expm1(x)
        let exact = (2 * x / (1 + x * x)) * x.squareRoot() + Double.log1p(x * x) / (2 * x.squareRoot())
            + (3 * x * x * em1 - x * x * x * Double.exp(x)) / (em1 * em1)
            + Double.exp(-x) * (1 / x - Double.log(x))
        // ~30 operations, each within one ulp: 64·ε relative to the sum of absolute terms.
        let scale = abs(2 * x / (1 + x * x) * x.squareRoot()) + abs(Double.log1p(x * x) / (2 * x.squareRoot()))
            + abs(3 * x * x / em1) + abs(x * x * x * Double.exp(x) / (em1 * em1)) + abs(Double.exp(-x) / x) + abs(Double.exp(-x) * Double.log(x))
        #expect(abs(g - exact) <= 64 * Double.ulpOfOne * scale)
    }

    #if (arch(i386) || arch(x86_64)) && !os(Windows) && !os(Android)
    @Test("Double and Float80 Hessians of the same softmax problem agree to 60·n·ε_Double·‖H‖")
    func precisionsAgree() throws {
        var rng = SeededGenerator(seed: 42)
        let x = (0..<3).map { _ in rng.normal() }
        let f = SoftmaxCrossEntropy(x: x, label: 1, classes: 4)
        let w = (0..<12).map { _ in rng.normal() }
        let hd = try Derivatives.hessian(of: f, at: w)
        let hx = try Derivatives.hessian(of: f, at: w.map { Float80($0) })
        let diff = try hx.subtracting(hd.converted(to: Float80.self)).frobeniusNorm
        #expect(Double(diff) <= hessianTolerance(hd))
    }
    #endif

    @Test("Dimension mismatches throw")
    func mismatches() throws {
        let f = Quadratic(a: try Matrix.identity(2), b: [0, 0])
        #expect(thrownKind { try Derivatives.gradient(of: f, at: [1.0]) } == "dimensionMismatch")
        #expect(thrownKind { try Derivatives.hessianVectorProduct(of: f, at: [1.0, 2.0], along: [1.0]) } == "dimensionMismatch")
        #expect(thrownKind { try Derivatives.directionalDerivative(of: f, at: [1.0, 2.0], along: [1.0, 2.0, 3.0]) } == "dimensionMismatch")
    }
}
