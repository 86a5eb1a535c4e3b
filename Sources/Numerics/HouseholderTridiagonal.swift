/// Householder reduction of a symmetric matrix to tridiagonal form, A = H T Hᵀ, and the
/// accumulation of H.
///
/// Storage: the lower triangle packed row after row (row i starts at i(i+1)/2 and holds
/// a_i0 … a_ii). The reduction runs from the last row upwards: step m (m = n−1 … 2) reflects
/// row m's off-diagonal part a_m0 … a_m,m−1 onto its last entry with P_m = I − τ_m u_m u_mᵀ
/// (u_m supported on indices 0..<m, u_m[m−1] = 1), and updates the leading m×m block by the
/// symmetric rank-2 update A ← A − u wᵀ − w uᵀ, w = τAu − ½τ²(uᵀAu)u. Every access is along a
/// packed row (contiguous), so no column is ever read with a stride; the packed layout also has
/// no power-of-two row stride to make accesses collide in cache. The rank-2 update of step m is
/// fused with the matrix-vector product of step m−1, so the trailing triangle is streamed once
/// per step instead of twice.
///
/// Cost: 4n³/3 flops for T; 4n³/3 more for H (`transposedQ`). Backward stable: T is the exact
/// reduction of A + E with ‖E‖_F = O(n·ε·‖A‖_F).
@usableFromInline
struct HouseholderTridiagonal<T: RealFloat> {
    @usableFromInline let n: Int
    /// T's diagonal (n entries).
    @usableFromInline var diagonal: [T]
    /// T's off-diagonal: offDiagonal[i] = t_{i+1,i} (n − 1 entries, none for n ≤ 1).
    @usableFromInline var offDiagonal: [T]
    /// The packed triangle after the reduction: row m (2 ≤ m < n) holds u_m in entries 0..<m.
    @usableFromInline var reflectors: [T]
    /// τ_m for row m (0 where no reflection was needed).
    @usableFromInline var tau: [T]

    @inlinable @inline(__always)
    static func rowStart(_ i: Int) -> Int { (i &* (i &+ 1)) >> 1 }

    /// Reduces the symmetric matrix whose lower triangle is `packed` (row-packed, see the type).
    @inlinable
    init(packedLower packed: [T], n: Int) {
        self.n = n
        var a = packed
        var d = [T](repeating: .zero, count: n)
        var e = [T](repeating: .zero, count: Swift.max(n - 1, 0))
        var tau = [T](repeating: .zero, count: n)
        if n == 1 { d[0] = a[0] }
        if n >= 2 {
            let work = UnsafeMutablePointer<T>.allocate(capacity: 4 * n)
            defer { work.deallocate() }
            work.initialize(repeating: .zero, count: 4 * n)
            // u0, w0: the rank-2 update still to be applied; u, p: the current reflector and Au.
            var u0 = work, w0 = work + n, u = work + 2 * n, p = work + 3 * n
            var pending = false
            a.withUnsafeMutableBufferPointer { buffer in
                let base = buffer.baseAddress!
                var m = n - 1
                while true {
                    let row = base + Self.rowStart(m)
                    if pending { Self.rank2Update(row, u0, w0, u0[m], w0[m], count: m + 1) }
                    d[m] = row[m]
                    if m == 1 {
                        if pending { Self.rank2Update(base, u0, w0, u0[0], w0[0], count: 1) }
                        d[0] = base[0]
                        e[0] = row[0]
                        break
                    }
                    // The reflector mapping x = row[0..<m] to β·e_{m−1}.
                    let alpha = row[m - 1]
                    var scale = T.zero
                    for j in 0..<(m - 1) { scale = Swift.max(scale, abs(row[j])) }
                    var t = T.zero
                    if scale == .zero {
                        e[m - 1] = alpha
                        for j in 0..<(m - 1) { u[j] = .zero }
                    } else {
                        scale = Swift.max(scale, abs(alpha))
                        var ss = T.zero
                        for j in 0..<m { let r = row[j] / scale; ss += r * r }
                        let norm = scale * ss.squareRoot()
                        let beta = alpha >= .zero ? -norm : norm
                        t = (beta - alpha) / beta
                        // α − β has the sign of α and magnitude ≥ ‖x‖: no cancellation.
                        let f = 1 / (alpha - beta)
                        for j in 0..<(m - 1) { u[j] = row[j] * f }
                        e[m - 1] = beta
                    }
                    u[m - 1] = .one
                    tau[m] = t
                    for j in 0..<m { row[j] = u[j] }
                    // Fused pass over the leading m×m block: finish the previous rank-2 update,
                    // then accumulate p = A u with the updated entries.
                    for j in 0..<m { p[j] = .zero }
                    for i in 0..<m {
                        let r = base + Self.rowStart(i)
                        let ui = u[i]
                        // p[0..<i] += r[0..<i]·u_i (the upper triangle's share), p[i] += r·u.
                        if pending {
                            p[i] += Self.updateAxpyDot(r, u0, w0, u0[i], w0[i], p, u, ui, count: i)
                            r[i] = r[i] - 2 * (u0[i] * w0[i])
                        } else {
                            Self.axpy(p, r, ui, count: i)
                            p[i] += Self.dot(r, u, count: i)
                        }
                        p[i] += r[i] * ui
                    }
                    // w = τp − ½τ²(pᵀu)·u with p = Au.
                    for j in 0..<m { p[j] *= t }
                    let half = t * Self.dot(p, u, count: m) / 2
                    for j in 0..<m { p[j] -= half * u[j] }
                    // The current (u, p = w) becomes the pending update.
                    swap(&u0, &u)
                    swap(&w0, &p)
                    pending = t != .zero
                    m -= 1
                }
            }
        }
        self.diagonal = d
        self.offDiagonal = e
        self.reflectors = a
        self.tau = tau
    }

    /// r[j] −= ui·w[j] + wi·u[j] for j < count (one row of A − u wᵀ − w uᵀ).
    @inlinable @inline(__always)
    static func rank2Update(_ r: UnsafeMutablePointer<T>, _ u: UnsafeMutablePointer<T>, _ w: UnsafeMutablePointer<T>,
                            _ ui: T, _ wi: T, count: Int) {
        var j = 0
        while j < count { r[j] = r[j] - (ui * w[j] + wi * u[j]); j &+= 1 }
    }

    /// One fused pass over a packed row: r ← r − ui·w − wi·v (rank-2 update), p += r·a (axpy),
    /// returns Σ r_j·x_j (dot, four interleaved partial sums), all for j < count.
    @inlinable @inline(__always)
    static func updateAxpyDot(_ r: UnsafeMutablePointer<T>, _ v: UnsafeMutablePointer<T>, _ w: UnsafeMutablePointer<T>,
                              _ ui: T, _ wi: T, _ p: UnsafeMutablePointer<T>, _ x: UnsafeMutablePointer<T>, _ a: T,
                              count: Int) -> T {
        var s0 = T.zero, s1 = T.zero, s2 = T.zero, s3 = T.zero
        var j = 0
        while j &+ 4 <= count {
            let r0 = r[j] - (ui * w[j] + wi * v[j])
            let r1 = r[j &+ 1] - (ui * w[j &+ 1] + wi * v[j &+ 1])
            let r2 = r[j &+ 2] - (ui * w[j &+ 2] + wi * v[j &+ 2])
            let r3 = r[j &+ 3] - (ui * w[j &+ 3] + wi * v[j &+ 3])
            r[j] = r0; r[j &+ 1] = r1; r[j &+ 2] = r2; r[j &+ 3] = r3
            p[j] = p[j] + a * r0; p[j &+ 1] = p[j &+ 1] + a * r1
            p[j &+ 2] = p[j &+ 2] + a * r2; p[j &+ 3] = p[j &+ 3] + a * r3
            s0 = s0 + r0 * x[j]; s1 = s1 + r1 * x[j &+ 1]
            s2 = s2 + r2 * x[j &+ 2]; s3 = s3 + r3 * x[j &+ 3]
            j &+= 4
        }
        var tail = T.zero
        while j < count {
            let rj = r[j] - (ui * w[j] + wi * v[j])
            r[j] = rj
            p[j] = p[j] + a * rj
            tail = tail + rj * x[j]
            j &+= 1
        }
        return ((s0 + s2) + (s1 + s3)) + tail
    }

    /// (Σ r_j x_j, Σ r_j y_j) with four interleaved partial sums each.
    @inlinable @inline(__always)
    static func dot2(_ r: UnsafeMutablePointer<T>, _ x: UnsafeMutablePointer<T>, _ y: UnsafeMutablePointer<T>, count: Int) -> (T, T) {
        var a0 = T.zero, a1 = T.zero, a2 = T.zero, a3 = T.zero
        var b0 = T.zero, b1 = T.zero, b2 = T.zero, b3 = T.zero
        var j = 0
        while j &+ 4 <= count {
            let r0 = r[j], r1 = r[j &+ 1], r2 = r[j &+ 2], r3 = r[j &+ 3]
            a0 = a0 + r0 * x[j]; a1 = a1 + r1 * x[j &+ 1]; a2 = a2 + r2 * x[j &+ 2]; a3 = a3 + r3 * x[j &+ 3]
            b0 = b0 + r0 * y[j]; b1 = b1 + r1 * y[j &+ 1]; b2 = b2 + r2 * y[j &+ 2]; b3 = b3 + r3 * y[j &+ 3]
            j &+= 4
        }
        var ta = T.zero, tb = T.zero
        while j < count { ta = ta + r[j] * x[j]; tb = tb + r[j] * y[j]; j &+= 1 }
        return (((a0 + a2) + (a1 + a3)) + ta, ((b0 + b2) + (b1 + b3)) + tb)
    }

    /// r[j] += a·x[j] + b·y[j] for j < count.
    @inlinable @inline(__always)
    static func axpy2(_ r: UnsafeMutablePointer<T>, _ x: UnsafeMutablePointer<T>, _ a: T, _ y: UnsafeMutablePointer<T>, _ b: T, count: Int) {
        var j = 0
        while j < count { r[j] = r[j] + (a * x[j] + b * y[j]); j &+= 1 }
    }

    /// y[j] += a·x[j] for j < count.
    @inlinable @inline(__always)
    static func axpy(_ y: UnsafeMutablePointer<T>, _ x: UnsafeMutablePointer<T>, _ a: T, count: Int) {
        var j = 0
        while j < count { y[j] = y[j] + a * x[j]; j &+= 1 }
    }

    /// Σ x_j y_j with eight interleaved partial sums (a fixed, deterministic summation order that
    /// the compiler keeps in vector registers; eight hide the latency of the additions).
    @inlinable @inline(__always)
    static func dot(_ x: UnsafeMutablePointer<T>, _ y: UnsafeMutablePointer<T>, count: Int) -> T {
        var s0 = T.zero, s1 = T.zero, s2 = T.zero, s3 = T.zero
        var s4 = T.zero, s5 = T.zero, s6 = T.zero, s7 = T.zero
        var j = 0
        while j &+ 8 <= count {
            s0 = s0 + x[j] * y[j]
            s1 = s1 + x[j &+ 1] * y[j &+ 1]
            s2 = s2 + x[j &+ 2] * y[j &+ 2]
            s3 = s3 + x[j &+ 3] * y[j &+ 3]
            s4 = s4 + x[j &+ 4] * y[j &+ 4]
            s5 = s5 + x[j &+ 5] * y[j &+ 5]
            s6 = s6 + x[j &+ 6] * y[j &+ 6]
            s7 = s7 + x[j &+ 7] * y[j &+ 7]
            j &+= 8
        }
        // The tail has its own sum, so that the eight partial sums stay in vector lanes.
        var tail = T.zero
        while j < count { tail = tail + x[j] * y[j]; j &+= 1 }
        return (((s0 + s2) + (s4 + s6)) + ((s1 + s3) + (s5 + s7))) + tail
    }

    /// Hᵀ = P_2 P_3 ⋯ P_{n−1}, row-major with row stride `stride` ≥ n (padding entries zero).
    /// Row i of Hᵀ is column i of H. Rows are processed in blocks that stay in cache while every
    /// reflector is applied to them (right multiplications M ← M·P_k, k ascending).
    @inlinable
    func transposedQ(stride ld: Int) -> [T] {
        var s = [T](repeating: .zero, count: n * ld)
        for i in 0..<n { s[i * ld + i] = .one }
        guard n > 2 else { return s }
        let rowsPerBlock = Swift.max(8, Swift.min(64, 49_152 / Swift.max(n, 1)))
        s.withUnsafeMutableBufferPointer { sb in
            reflectors.withUnsafeBufferPointer { rb in
                let sBase = sb.baseAddress!
                let u = UnsafeMutablePointer(mutating: rb.baseAddress!)
                var r0 = 0
                while r0 < n {
                    let r1 = Swift.min(n, r0 + rowsPerBlock)
                    // P_k touches rows 0..<k (M = P_2⋯P_{k−1} is the identity below row k−1).
                    var k = Swift.max(2, r0 + 1)
                    while k < n {
                        let t = tau[k]
                        let uk = u + Self.rowStart(k)
                        if k + 1 < n {
                            // Two reflectors per pass over each row: M·P_k·P_{k+1}. With
                            // f₁ = τ_k·(m·u_k) and σ = u_k·u_{k+1}, m·P_k·u_{k+1} = m·u_{k+1} − f₁σ, so
                            // one pass computes both dot products and one pass applies both updates.
                            let t2 = tau[k + 1]
                            let uk2 = u + Self.rowStart(k + 1)
                            let sigma = Self.dot(uk, uk2, count: k)
                            for i in r0..<Swift.min(r1, k) {
                                let row = sBase + i * ld
                                let (d1, d2) = Self.dot2(row, uk, uk2, count: k)
                                let f1 = t * d1
                                let f2 = t2 * (d2 + row[k] * uk2[k] - f1 * sigma)
                                Self.axpy2(row, uk, -f1, uk2, -f2, count: k)
                                row[k] = row[k] - f2 * uk2[k]
                            }
                            // Row k is e_k before P_{k+1} (P_k does not touch it).
                            if k >= r0 && k < r1 {
                                let row = sBase + k * ld
                                let f = t2 * Self.dot(row, uk2, count: k + 1)
                                if f != .zero { Self.axpy(row, uk2, -f, count: k + 1) }
                            }
                            k += 2
                        } else {
                            for i in r0..<Swift.min(r1, k) {
                                let row = sBase + i * ld
                                let f = t * Self.dot(row, uk, count: k)
                                if f != .zero { Self.axpy(row, uk, -f, count: k) }
                            }
                            k += 1
                        }
                    }
                    r0 = r1
                }
            }
        }
        return s
    }
}
