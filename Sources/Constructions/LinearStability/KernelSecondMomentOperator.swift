import Numerics

/// The second-moment operator of linearized SGD, T(M) = E[(I − ηH_B)M(I − ηH_B)], written in the n × n kernel
/// coordinates of the features, for models whose parameter count p is too large for the dense svec form
/// (`LinearizedSGDSpectrum` has (rk(rk+1)/2)² entries; here the work is O(n³) per application and nothing of size p).
///
/// With the features as the rows of A (n × p), H = AᵀA/n and K = AAᵀ, every symmetric M on range(H) is M = AᵀSA for a
/// unique symmetric n × n S (A has full row rank). Since HM = Aᵀ(KS/n)A, HMH = Aᵀ(KSK/n²)A and
/// g_ig_iᵀMg_ig_iᵀ = (KSK)_ii·AᵀE_iiA, batches of size B drawn with replacement give
///
///     T(S) = S − (η/n)(KS + SK) + η²[(1 − 1/B)·KSK/n² + (1/(Bn))·Diag((KSK)_11, …, (KSK)_nn)]
///
/// (full-batch GD drops the diagonal term and the 1/B). The Frobenius inner product of M = AᵀSA and M′ = AᵀS′A is
/// ⟨S, S′⟩_K = tr(SKS′K), under which T is self-adjoint; T maps positive semidefinite S to positive semidefinite S.
/// Hence ρ(T) = λ_max(T) and, for every S ≠ 0 and every S ≻ 0 (Collatz–Wielandt for cone-preserving maps),
///
///     ⟨S, T(S)⟩_K / ⟨S, S⟩_K  ≤  ρ(T)  ≤  min{c : T(S) ⪯ cS}.
///
/// Range(H) is invariant under T; on the null space of H, T is the identity (the spurious eigenvalue 1 the
/// reduction removes), so these are bounds on the spectral radius that decides linear stability.
public struct KernelSecondMomentOperator<T: RealFloat>: Sendable {
    public let kernel: Matrix<T>
    /// An entrywise bound on |K| that also carries the rounding of K: |A||A|ᵀ when K was formed from features A
    /// (K = AAᵀ in floating point has |K̂ − K| ≤ γ_p·|A||A|ᵀ), |K| when K was given.
    public let kernelMagnitude: Matrix<T>
    /// p when K = AAᵀ was formed here from p-column features (its rounding depth), 0 when K was given.
    public let kernelDepth: Int
    public let eta: T
    public let batch: Int
    public let noise: LinearizedSGD.Noise
    /// K's eigendecomposition when computed in advance (`withEigenbasis()`); `criticalStepBracket` computes it otherwise.
    public let eigenbasis: SymmetricEigendecomposition<T>?
    public var n: Int { kernel.rows }

    /// - Throws: `.notSquare`/`.notSymmetric`/`.nonFinite` for a bad kernel, `.empty` for n = 0, `.invalidArgument` for
    ///   η ≤ 0 or non-finite, or B < 1.
    @inlinable
    public init(kernel: Matrix<T>, eta: T, batch: Int, noise: LinearizedSGD.Noise) throws {
        try self.init(kernel: kernel, magnitude: nil, depth: 0, eta: eta, batch: batch, noise: noise)
    }

    @inlinable
    init(kernel: Matrix<T>, magnitude: Matrix<T>?, depth: Int, eta: T, batch: Int, noise: LinearizedSGD.Noise,
         eigenbasis: SymmetricEigendecomposition<T>? = nil) throws {
        let k = try kernel.requireSymmetric("KernelSecondMomentOperator kernel")
        guard k.rows >= 1 else { throw NumericsError.empty(operation: "KernelSecondMomentOperator kernel") }
        guard eta > 0, eta.isFinite else {
            throw NumericsError.invalidArgument(operation: "KernelSecondMomentOperator", detail: "step size η = \(eta) must be positive and finite")
        }
        guard batch >= 1 else { throw NumericsError.invalidArgument(operation: "KernelSecondMomentOperator", detail: "batch size B = \(batch) must be ≥ 1") }
        self.kernel = k; self.eta = eta; self.batch = batch; self.noise = noise
        self.kernelMagnitude = try magnitude ?? Matrix(rows: k.rows, columns: k.columns, elements: k.elements.map { abs($0) })
        self.kernelDepth = depth
        self.eigenbasis = eigenbasis
    }

    /// K = AAᵀ from the feature matrix A (n × p, rows g_i).
    @inlinable
    public init(features a: Matrix<T>, eta: T, batch: Int, noise: LinearizedSGD.Noise) throws {
        try a.elements.requireFinite("KernelSecondMomentOperator features")
        guard a.columns >= 1 else { throw NumericsError.empty(operation: "KernelSecondMomentOperator features (no columns)") }
        let k = try Self.gram(a)
        let magnitude = a.elements.contains { $0 < 0 } ? try Self.gram(try Matrix(rows: a.rows, columns: a.columns, elements: a.elements.map { abs($0) })) : k
        try self.init(kernel: k, magnitude: magnitude, depth: a.columns, eta: eta, batch: batch, noise: noise)
    }

    /// The same kernel with another step size, batch size or noise (nothing is recomputed).
    @inlinable
    public func with(eta: T? = nil, batch: Int? = nil, noise: LinearizedSGD.Noise? = nil) throws -> KernelSecondMomentOperator {
        try KernelSecondMomentOperator(kernel: kernel, magnitude: kernelMagnitude, depth: kernelDepth, eta: eta ?? self.eta,
                                       batch: batch ?? self.batch, noise: noise ?? self.noise, eigenbasis: eigenbasis)
    }

    /// The same operator with K's eigendecomposition stored, for repeated `criticalStepBracket` calls.
    @inlinable
    public func withEigenbasis() throws -> KernelSecondMomentOperator {
        try KernelSecondMomentOperator(kernel: kernel, magnitude: kernelMagnitude, depth: kernelDepth, eta: eta, batch: batch, noise: noise,
                                       eigenbasis: eigenbasis ?? SymmetricEigendecomposition(kernel))
    }

    /// AAᵀ, computed once per pair and mirrored (exactly symmetric).
    @inlinable
    public static func gram(_ a: Matrix<T>) throws -> Matrix<T> {
        let n = a.rows, p = a.columns
        var k = try Matrix<T>(rows: n, columns: n)
        a.elements.withUnsafeBufferPointer { x in
            for i in 0..<n {
                for j in 0...i {
                    var s = T.zero
                    for c in 0..<p { s += x[i * p + c] * x[j * p + c] }
                    k.elements[i * n + j] = s; k.elements[j * n + i] = s
                }
            }
        }
        return k
    }

    /// The row-major product of two n × n arrays (i-k-j order: the inner loop runs along contiguous rows).
    @inlinable
    static func product(_ a: [T], _ b: [T], _ n: Int) -> [T] {
        var c = [T](repeating: .zero, count: n * n)
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                c.withUnsafeMutableBufferPointer { pc in
                    for i in 0..<n {
                        for k in 0..<n {
                            let aik = pa[i * n + k]
                            if aik == .zero { continue }
                            for j in 0..<n { pc[i * n + j] += aik * pb[k * n + j] }
                        }
                    }
                }
            }
        }
        return c
    }

    /// K·S, or |K|·|S| (with the magnitude bound of K) when `absolute`.
    @inlinable
    func kernelTimes(_ s: [T], absolute: Bool) -> [T] {
        absolute ? Self.product(kernelMagnitude.elements, s.map { abs($0) }, n) : Self.product(kernel.elements, s, n)
    }

    /// T(S) from S and K·S (one further n × n product, K·S·K): D(S) = (KS + SK)/n and Q(S) = (1 − 1/B)·KSK/n² +
    /// Diag((KSK)_ii)/(Bn) (full batch: KSK/n²), T(S) = S − ηD(S) + η²Q(S). With `absolute`, `s` and `ks` must be |S|
    /// and |K||S|, the kernel is its magnitude bound and the η term is added: the magnitudes against which the
    /// rounding of T(S) is measured. The result is exactly symmetric.
    @inlinable
    func apply(_ s: [T], ks: [T], absolute: Bool) -> [T] {
        let n = self.n
        let ksk = Self.product(ks, absolute ? kernelMagnitude.elements : kernel.elements, n)
        let nn = T(n)
        let first = (absolute ? eta : -eta) / nn
        let quadratic = eta * eta * (noise == .fullBatch ? T.one : T.one - T.one / T(batch)) / (nn * nn)
        let diagonal = noise == .fullBatch ? T.zero : eta * eta / (T(batch) * nn)
        var out = [T](repeating: .zero, count: n * n)
        for i in 0..<n {
            for j in 0...i {
                // (SK)_ij = (KS)_ji for symmetric S and K; KSK is symmetric up to rounding, so average its two triangles.
                var v = s[i * n + j] + first * (ks[i * n + j] + ks[j * n + i]) + quadratic * (ksk[i * n + j] + ksk[j * n + i]) / 2
                if i == j { v += diagonal * ksk[i * n + i] }
                out[i * n + j] = v; out[j * n + i] = v
            }
        }
        return out
    }

    /// T(S) for a symmetric S (row-major n × n).
    @inlinable
    public func apply(_ s: [T]) -> [T] { apply(s, ks: kernelTimes(s, absolute: false), absolute: false) }

    /// tr(X·Y) = Σ_ab X_ab Y_ba: with X = KS and Y = KS′ this is ⟨S, S′⟩_K = tr(SKS′K).
    @inlinable
    static func traceOfProduct(_ x: [T], _ y: [T], _ n: Int) -> T {
        var sum = T.zero
        for a in 0..<n { for b in 0..<n { sum += x[a * n + b] * y[b * n + a] } }
        return sum
    }

    /// ⟨S, S′⟩_K = tr(SKS′K).
    @inlinable
    public func inner(_ s: [T], _ t: [T]) -> T {
        Self.traceOfProduct(kernelTimes(s, absolute: false), kernelTimes(t, absolute: false), n)
    }

    /// A lower bound on ρ(T) from S: ⟨S, T(S)⟩_K/⟨S, S⟩_K, and the a-priori bound on its distance from the exact
    /// quotient of the exact data: N = ⟨S, T(S)⟩_K is a polynomial of degree 4 in K evaluated through n × n products
    /// (depth n each, three in a chain, plus a few scalings) and a final trace that adds n² terms in one accumulator
    /// (depth n²), and each entry of K carries ≤ γ_p·|A||A|ᵀ from its own formation (p = `kernelDepth`), so N has error
    /// ≤ γ·N_abs and D = ⟨S, S⟩_K error ≤ γ·D_abs with γ = kε/(1 − kε), k = n² + 3n + 8 + 4p, where N_abs, D_abs are the
    /// same sums with |S| and `kernelMagnitude`; the quotient then errs by at most γ·(N_abs/|N| + D_abs/D)·|N/D|
    /// (first order in γ). Six n × n products.
    @inlinable
    public func rayleighQuotient(_ s: [T]) throws -> (value: T, roundingBound: T) {
        try rayleighQuotient(s, ks: kernelTimes(s, absolute: false))
    }

    @inlinable
    func rayleighQuotient(_ s: [T], ks: [T]) throws -> (value: T, roundingBound: T) {
        let n = self.n
        let ts = apply(s, ks: ks, absolute: false)
        let num = Self.traceOfProduct(ks, kernelTimes(ts, absolute: false), n)
        let den = Self.traceOfProduct(ks, ks, n)
        guard den > 0, den.isFinite, num.isFinite else {
            throw NumericsError.invalidArgument(operation: "KernelSecondMomentOperator.rayleighQuotient", detail: "⟨S, S⟩_K = \(den) is not a positive finite number")
        }
        let sa = s.map { abs($0) }
        let ksa = kernelTimes(sa, absolute: true)
        let tsa = apply(sa, ks: ksa, absolute: true)
        let numAbs = Self.traceOfProduct(ksa, kernelTimes(tsa, absolute: true), n)
        let denAbs = Self.traceOfProduct(ksa, ksa, n)
        let depth = T(n * n + 3 * n + 8 + 4 * kernelDepth) * T.ulpOfOne
        let gamma = depth / (T.one - depth)
        let q = num / den
        return (q, gamma * (numAbs / abs(num) + denAbs / den) * abs(q))
    }

    /// The smallest c with T(S) ⪯ cS for S ≻ 0: an upper bound on ρ(T) (Collatz–Wielandt). Throws
    /// `.notPositiveDefinite` when S is not positive definite.
    @inlinable
    public func collatzWielandtBound(_ s: [T]) throws -> T {
        try Self.collatzWielandt(s, image: apply(s), n: n)
    }

    /// min{c : image ⪯ c·S} for S ≻ 0, as λ_max(L⁻¹·image·L⁻ᵀ) with S = LLᵀ, enlarged by 60·n·ε·‖L⁻¹·image·L⁻ᵀ‖_F
    /// (LAPACK's eigen residual threshold) and confirmed by a successful Cholesky factorisation of c·S − image.
    /// Throws `.notPositiveDefinite` when S is not positive definite, `.invalidArgument` when the confirmation fails.
    @inlinable
    static func collatzWielandt(_ s: [T], image ts: [T], n: Int) throws -> T {
        let l = try Cholesky(try Matrix(rows: n, columns: n, elements: s)).lower.elements
        // X = L⁻¹·image column by column, then W = L⁻¹·Xᵀ (= L⁻¹·image·L⁻ᵀ since the image is symmetric).
        func forward(_ b: [T]) -> [T] {
            var x = b
            for c in 0..<n {
                for i in 0..<n {
                    var v = x[i * n + c]
                    for m in 0..<i { v -= l[i * n + m] * x[m * n + c] }
                    x[i * n + c] = v / l[i * n + i]
                }
            }
            return x
        }
        let x = forward(ts)
        var xt = x
        for i in 0..<n { for j in 0..<n { xt[i * n + j] = x[j * n + i] } }
        var w = forward(xt)
        for i in 0..<n { for j in 0..<i { let m = (w[i * n + j] + w[j * n + i]) / 2; w[i * n + j] = m; w[j * n + i] = m } }
        let wm = try Matrix(rows: n, columns: n, elements: w)
        let top = try SymmetricEigendecomposition(wm).eigenvalues.last!
        let c = top + 60 * T(n) * T.ulpOfOne * wm.frobeniusNorm
        var gap = s
        for i in 0..<(n * n) { gap[i] = c * s[i] - ts[i] }
        do { _ = try Cholesky(try Matrix(rows: n, columns: n, elements: gap)) } catch {
            throw NumericsError.invalidArgument(operation: "Collatz–Wielandt bound", detail: "c·S − image with c = \(c) is not numerically positive definite")
        }
        return c
    }

    /// Power iteration S ← T(S)/‖T(S)‖_K from S₀ = I (M₀ = nH, positive definite on range(H)); the iterates stay positive
    /// semidefinite. Returns the last iterate and the Rayleigh-quotient lower bound with its rounding bound. Two n × n
    /// products per step (K·T(S) serves both the norm and the next step).
    @inlinable
    public func powerIteration(steps: Int) throws -> (iterate: [T], lower: T, roundingBound: T) {
        guard steps >= 0 else { throw NumericsError.invalidArgument(operation: "KernelSecondMomentOperator.powerIteration", detail: "steps = \(steps) must be ≥ 0") }
        let n = self.n
        var s = [T](repeating: .zero, count: n * n)
        for i in 0..<n { s[i * n + i] = 1 }
        var ks = kernel.elements
        for _ in 0..<steps {
            let t = apply(s, ks: ks, absolute: false)
            let kt = kernelTimes(t, absolute: false)
            let norm = Self.traceOfProduct(kt, kt, n).squareRoot()
            guard norm > 0, norm.isFinite else { throw NumericsError.nonFinite(operation: "KernelSecondMomentOperator.powerIteration", detail: "‖T(S)‖_K = \(norm)") }
            s = t.map { $0 / norm }
            ks = kt.map { $0 / norm }
        }
        let r = try rayleighQuotient(s, ks: ks)
        return (s, r.value, r.roundingBound)
    }

    /// The critical step η_crit = 1/ρ(D⁻¹Q) — the largest η with ρ(T_η) ≤ 1 — bracketed by power iteration on the
    /// positive map P = D⁻¹Q (D⁻¹ solves the Lyapunov equation (KX + XK)/n = R, a positive map, so P preserves positive
    /// semidefiniteness). Works in K's eigenbasis K = UΛUᵀ, where D is the entrywise factor (λ_a + λ_b)/n. From S₀ = I:
    /// * upper: 1/⟨S, Q(S)⟩_K·⟨S, D(S)⟩_K ≥ η_crit (P is self-adjoint under ⟨S, D(S′)⟩_K, so the quotient is ≤ ρ(P));
    ///   for any η above it, ⟨S, T_η(S)⟩_K > ⟨S, S⟩_K, so T_η is unstable;
    /// * lower: 1/c with P(S) ⪯ cS, S ≻ 0 (Collatz–Wielandt: ρ(P) ≤ c), so Q ⪯ cD and T_η ⪯ I for every η ≤ 1/c.
    /// Throws `.invalidArgument` when K is not positive definite (rank-deficient features: range(H) is then not
    /// parameterised by n × n matrices).
    @inlinable
    public func criticalStepBracket(steps: Int) throws -> (lower: T, upper: T) {
        guard steps >= 0 else { throw NumericsError.invalidArgument(operation: "KernelSecondMomentOperator.criticalStepBracket", detail: "steps = \(steps) must be ≥ 0") }
        let n = self.n
        let eig = try eigenbasis ?? SymmetricEigendecomposition(kernel)
        let lam = eig.eigenvalues
        // Numerically positive definite: the smallest eigenvalue must exceed the eigen-solver's absolute error bound
        // 60·n·ε·‖K‖_F (LAPACK's threshold), else K may be singular and range(H) has dimension below n.
        guard let smallest = lam.first, smallest > 60 * T(n) * T.ulpOfOne * kernel.frobeniusNorm else {
            throw NumericsError.invalidArgument(operation: "KernelSecondMomentOperator.criticalStepBracket",
                                                detail: "the kernel is not numerically positive definite (smallest eigenvalue \(lam.first ?? 0)): the features have rank below n")
        }
        let u = eig.eigenvectors.elements
        var ut = u
        for i in 0..<n { for j in 0..<n { ut[i * n + j] = u[j * n + i] } }
        let nn = T(n)
        let quadratic = noise == .fullBatch ? T.one / (nn * nn) : (T.one - T.one / T(batch)) / (nn * nn)
        let diagonal = noise == .fullBatch ? T.zero : T.one / (T(batch) * nn)
        // Q in eigen coordinates: (1 − 1/B)ΛSΛ/n² + Uᵀ·Diag(diag(U·ΛSΛ·Uᵀ))·U/(Bn).
        func q(_ s: [T]) -> [T] {
            var lsl = s
            for a in 0..<n { for b in 0..<n { lsl[a * n + b] = lam[a] * s[a * n + b] * lam[b] } }
            var out = lsl.map { quadratic * $0 }
            if diagonal != .zero {
                let x = Self.product(u, lsl, n)
                var d = [T](repeating: .zero, count: n)
                for i in 0..<n { var v = T.zero; for b in 0..<n { v += x[i * n + b] * u[i * n + b] }; d[i] = v }
                var scaled = u
                for i in 0..<n { for b in 0..<n { scaled[i * n + b] *= d[i] } }
                let back = Self.product(ut, scaled, n)
                for i in out.indices { out[i] += diagonal * back[i] }
            }
            for a in 0..<n { for b in 0..<a { let m = (out[a * n + b] + out[b * n + a]) / 2; out[a * n + b] = m; out[b * n + a] = m } }
            return out
        }
        func dFactor(_ a: Int, _ b: Int) -> T { (lam[a] + lam[b]) / nn }
        func innerK(_ x: [T], _ y: [T]) -> T {
            var sum = T.zero
            for a in 0..<n { for b in 0..<n { sum += lam[a] * lam[b] * x[a * n + b] * y[a * n + b] } }
            return sum
        }
        // P(S) = D⁻¹(Q(S)): D is the entrywise factor (λ_a + λ_b)/n in this basis.
        func p(_ s: [T]) -> [T] {
            var out = q(s)
            for a in 0..<n { for b in 0..<n { out[a * n + b] /= dFactor(a, b) } }
            return out
        }
        var identity = [T](repeating: .zero, count: n * n)
        for i in 0..<n { identity[i * n + i] = 1 }
        var s = identity
        var image = s
        for step in 0...steps {
            image = p(s)
            if step == steps { break }
            var norm = T.zero
            for a in 0..<n { for b in 0..<n { norm += dFactor(a, b) * lam[a] * lam[b] * image[a * n + b] * image[a * n + b] } }
            norm = norm.squareRoot()
            guard norm > 0, norm.isFinite else { throw NumericsError.nonFinite(operation: "KernelSecondMomentOperator.criticalStepBracket", detail: "‖P(S)‖ = \(norm)") }
            s = image.map { $0 / norm }
        }
        var ds = s
        for a in 0..<n { for b in 0..<n { ds[a * n + b] *= dFactor(a, b) } }
        let quotient = innerK(s, q(s)) / innerK(s, ds)
        // S is positive definite in exact arithmetic, but entries along fast-decaying directions can underflow (for GD,
        // P is diagonal in this basis and S tends to a rank-one matrix). Any S + τI, τ ≥ 0, is an admissible
        // Collatz–Wielandt point, and P(S + τI) = P(S) + τP(I) by linearity: try τ = 0, then growing τ.
        let identityImage = p(identity)
        let scale = s.map { abs($0) }.max() ?? T.one
        var tau = T.zero
        while true {
            var shifted = s, shiftedImage = image
            for i in 0..<n { shifted[i * n + i] += tau }
            for i in 0..<(n * n) { shiftedImage[i] += tau * identityImage[i] }
            do {
                let c = try Self.collatzWielandt(shifted, image: shiftedImage, n: n)
                return (T.one / c, T.one / quotient)
            } catch NumericsError.notPositiveDefinite(_, _) where tau < scale / 1000 {
                tau = tau == .zero ? scale * T.ulpOfOne.squareRoot() / 1024 : tau * 32
            }
        }
    }
}
