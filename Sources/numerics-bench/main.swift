import Foundation
import Numerics

// Wall-clock benchmarks of the numerical hot paths. Release builds only:
//   swift run -c release numerics-bench [--json] [--cases a,b,…] [--dump-matrices DIR] [--dump-mlp DIR]
// Every timed case runs once to warm up, then at least 5 times; min and median are reported.
// `--json` prints one machine-readable document instead of the human table. `--dump-matrices DIR`
// writes the eigensolver inputs as raw little-endian float64 (row-major) plus DIR/manifest.json,
// so that Scripts/anchor.py can time LAPACK on the very same matrices.

#if DEBUG
FileHandle.standardError.write(Data("numerics-bench: refusing to run a debug build (timings would be meaningless); use swift run -c release numerics-bench\n".utf8))
exit(2)
#endif

// MARK: - Harness

struct Record {
    var name: String
    var precision: String
    var n: Int
    var times: [Double] = []        // seconds, one per repetition (warm-up excluded)
    var metrics: [(String, Double)] = []

    var minimum: Double { times.min() ?? .nan }
    var median: Double {
        let s = times.sorted()
        guard !s.isEmpty else { return .nan }
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }
}

func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

/// One warm-up run, then `reps` timed runs (seconds).
func measure(reps: Int = 5, _ body: () throws -> Void) rethrows -> [Double] {
    try body()
    var out = [Double]()
    for _ in 0..<reps {
        let start = now()
        try body()
        out.append(Double(now() - start) / 1e9)
    }
    return out
}

nonisolated(unsafe) var records = [Record]()
nonisolated(unsafe) var humanOutput = true

func report(_ r: Record) {
    records.append(r)
    guard humanOutput else { return }
    var line = "\(r.name) \(r.precision) n=\(r.n)"
    if !r.times.isEmpty { line += String(format: ": min %.3f ms, median %.3f ms (%d reps)", r.minimum * 1e3, r.median * 1e3, r.times.count) }
    for (k, v) in r.metrics { line += ", \(k) \(v.magnitude >= 1e-3 || v == 0 ? String(format: "%.3f", v) : String(format: "%.3e", v))" }
    print(line)
}

/// Least-squares slope of log(time) against log(n): the empirical scaling exponent.
func scalingExponent(_ points: [(Int, Double)]) -> Double? {
    guard points.count >= 3 else { return nil }
    let xs = points.map { log(Double($0.0)) }, ys = points.map { log($0.1) }
    let mx = xs.reduce(0, +) / Double(xs.count), my = ys.reduce(0, +) / Double(ys.count)
    var sxy = 0.0, sxx = 0.0
    for (x, y) in zip(xs, ys) { sxy += (x - mx) * (y - my); sxx += (x - mx) * (x - mx) }
    return sxy / sxx
}

// MARK: - Inputs shared with the LAPACK anchor

/// The eigensolver inputs: random symmetric matrices (N(0,1) entries) at the timed sizes, and at
/// n ≈ 256 a graded, a clustered and a glued-Wilkinson matrix for the residual comparison.
struct BenchMatrix {
    let kind: String
    let n: Int
    let a: Matrix<Double>
}

let timedSizes = [64, 128, 256, 512, 1024]

func benchMatrices() throws -> [BenchMatrix] {
    var out = [BenchMatrix]()
    for n in timedSizes {
        var rng = SeededGenerator(seed: 20_260_000 + UInt64(n))
        out.append(BenchMatrix(kind: "random", n: n, a: try Matrix<Double>.randomSymmetric(n, using: &rng)))
    }
    let n = 256
    var rng = SeededGenerator(seed: 20_260_256)
    let graded = (0..<n).map { i in (i % 2 == 0 ? 1.0 : -1.0) * Double.pow(10, -12 * Double(i) / Double(n - 1)) }
    out.append(BenchMatrix(kind: "graded", n: n, a: try Matrix<Double>.symmetric(eigenvalues: graded, using: &rng)))
    let clustered = (0..<n).map { i in (i % 2 == 0 ? 1.0 : -2.0) + 1e-10 * rng.normal() }
    out.append(BenchMatrix(kind: "clustered", n: n, a: try Matrix<Double>.symmetric(eigenvalues: clustered, using: &rng)))
    // 12 copies of W21+ (diagonal |10 − i|, off-diagonal 1) glued by 1e-10: n = 252.
    let copies = 12, m = 10, b = 2 * m + 1
    var w = try Matrix<Double>(rows: copies * b, columns: copies * b)
    for c in 0..<copies {
        for i in 0..<b {
            w[c * b + i, c * b + i] = Double(abs(m - i))
            if i + 1 < b { w[c * b + i, c * b + i + 1] = 1; w[c * b + i + 1, c * b + i] = 1 }
        }
        if c > 0 { w[c * b, c * b - 1] = 1e-10; w[c * b - 1, c * b] = 1e-10 }
    }
    out.append(BenchMatrix(kind: "glued-wilkinson", n: copies * b, a: w))
    return out
}

func dumpMatrices(to dir: String) throws {
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    var entries = [String]()
    for m in try benchMatrices() {
        let file = "\(m.kind)-\(m.n).f64"
        var bytes = [UInt8]()
        bytes.reserveCapacity(m.a.elements.count * 8)
        for v in m.a.elements { withUnsafeBytes(of: v.bitPattern.littleEndian) { bytes.append(contentsOf: $0) } }
        try Data(bytes).write(to: URL(fileURLWithPath: dir).appendingPathComponent(file))
        entries.append("{\"kind\": \"\(m.kind)\", \"n\": \(m.n), \"file\": \"\(file)\"}")
    }
    let manifest = "{\"format\": \"float64 little-endian, row-major n×n\", \"matrices\": [\n  " + entries.joined(separator: ",\n  ") + "\n]}\n"
    try Data(manifest.utf8).write(to: URL(fileURLWithPath: dir).appendingPathComponent("manifest.json"))
}

// MARK: - Eigensolver cases

/// Householder + implicit QR: values+vectors and values only, timed on the random matrices
/// (Float80 up to n = 512: x87 arithmetic is scalar and ~5× slower), residual ratios on all.
func benchTridiagonalQR<T: RealFloat>(_: T.Type, _ label: String, maxN: Int) throws {
    for m in try benchMatrices() where m.n <= maxN {
        let a = m.a.converted(to: T.self)
        let name = m.kind == "random" ? "qr-eigen" : "qr-eigen-\(m.kind)"
        var full = Record(name: name + "-vectors", precision: label, n: m.n)
        var result: TridiagonalQREigendecomposition<T>?
        if m.kind == "random" {
            full.times = try measure { result = try TridiagonalQREigendecomposition(a) }
        } else {
            result = try TridiagonalQREigendecomposition(a)
        }
        let (dec, orth) = try result!.residualRatios(for: a)
        full.metrics = [("decomposition_ratio", Double(dec)), ("orthogonality_ratio", Double(orth)), ("qr_steps", Double(result!.iterations))]
        report(full)
        if m.kind == "random" {
            var values = Record(name: name + "-values", precision: label, n: m.n)
            values.times = try measure { _ = try TridiagonalQREigendecomposition.eigenvalues(of: a) }
            report(values)
            // The 10 largest pairs (inverse iteration on T when 10 ≤ n/4).
            var top = Record(name: name + "-top10", precision: label, n: m.n)
            var part: TridiagonalQREigendecomposition<T>?
            top.times = try measure { part = try TridiagonalQREigendecomposition(a, selection: .largest(10)) }
            let (pdec, porth) = try part!.residualRatios(for: a)
            top.metrics = [("decomposition_ratio", Double(pdec)), ("orthogonality_ratio", Double(porth)),
                           ("inverse_iteration", part!.byInverseIteration ? 1 : 0)]
            report(top)
        }
    }
}

/// The existing cyclic/one-sided Jacobi solver at n ≤ maxN on the same random matrices.
func benchJacobiLarge<T: RealFloat>(_: T.Type, _ label: String, maxN: Int) throws {
    for m in try benchMatrices() where m.kind == "random" && m.n <= maxN {
        let a = m.a.converted(to: T.self)
        var r = Record(name: "jacobi-eigen", precision: label, n: m.n)
        var sweeps = 0
        r.times = try measure { sweeps = try SymmetricEigendecomposition(a).sweeps }
        r.metrics = [("sweeps", Double(sweeps))]
        report(r)
    }
}

/// The same decomposition through a generic function the optimiser is told never to specialise:
/// it runs the unspecialised generic code (witness-table calls for every scalar operation).
@_semantics("optimize.sil.specialize.generic.never")
@inline(never)
func unspecialisedEigen<T: RealFloat>(_ a: Matrix<T>) throws -> Int {
    try SymmetricEigendecomposition(a).sweeps
}

@_semantics("optimize.sil.specialize.generic.never")
@inline(never)
func unspecialisedQR<T: RealFloat>(_ a: Matrix<T>) throws -> Int {
    try TridiagonalQREigendecomposition(a).iterations
}

func benchSpecialisation() throws {
    var rng = SeededGenerator(seed: 7)
    let small = try Matrix<Double>.randomSymmetric(32, using: &rng)
    let fast = try measure { _ = try SymmetricEigendecomposition(small) }
    let slow = try measure { _ = try unspecialisedEigen(small) }
    report(Record(name: "specialisation-jacobi", precision: "Double", n: 32, times: fast,
                  metrics: [("unspecialised_min_ms", (slow.min() ?? .nan) * 1e3), ("ratio", (slow.min() ?? .nan) / (fast.min() ?? .nan))]))
    let big = try Matrix<Double>.randomSymmetric(128, using: &rng)
    let fastQR = try measure { _ = try TridiagonalQREigendecomposition(big) }
    let slowQR = try measure { _ = try unspecialisedQR(big) }
    report(Record(name: "specialisation-qr", precision: "Double", n: 128, times: fastQR,
                  metrics: [("unspecialised_min_ms", (slowQR.min() ?? .nan) * 1e3), ("ratio", (slowQR.min() ?? .nan) / (fastQR.min() ?? .nan))]))
}

// MARK: - Cases that predate the QR solver (kept as they were, now with min/median)

func benchEigen<T: RealFloat>(_ t: T.Type, _ label: String) throws {
    var rng = SeededGenerator(seed: 7)
    for n in [16, 32, 64, 128] {
        let a = try Matrix<T>.randomSymmetric(n, using: &rng)
        var sweeps = 0
        var r = Record(name: "jacobi-small", precision: label, n: n)
        r.times = try measure { sweeps = try SymmetricEigendecomposition(a).sweeps }
        r.metrics = [("sweeps", Double(sweeps))]
        report(r)
    }
}

/// Positive-definite input takes the other eigensolver path (Cholesky, then one-sided Jacobi):
/// the same sizes on A Aᵀ + n·I.
func benchEigenPositiveDefinite<T: RealFloat>(_ t: T.Type, _ label: String) throws {
    var rng = SeededGenerator(seed: 7)
    for n in [16, 32, 64, 128] {
        let b = try Matrix<T>.randomGaussian(rows: n, columns: n, using: &rng)
        let a = try b.multiplied(by: b.transposed).adding(Matrix.identity(n).scaled(by: T(n)))
            .requireSymmetric("bench", tolerance: .infinity)
        var sweeps = 0
        var r = Record(name: "jacobi-positive-definite", precision: label, n: n)
        r.times = try measure { sweeps = try SymmetricEigendecomposition(a).sweeps }
        r.metrics = [("sweeps", Double(sweeps))]
        report(r)
    }
}

/// Largest LAPACK-style residual ratios over n = 1…64 (the property tests require ≤ 60):
/// how much margin the Jacobi eigensolver has, for a random, a graded positive (1 … 1e-12; the
/// Cholesky + one-sided Jacobi path) and a graded indefinite spectrum (two-sided Jacobi).
func residualMargins<T: RealFloat>(_: T.Type, _ label: String) throws {
    var worstDec = 0.0, worstOrth = 0.0
    for n in 1...64 {
        var rng = SeededGenerator(seed: UInt64(n))
        let graded = (0..<n).map { i in n == 1 ? 1.0 : Double.pow(10, -12 * Double(i) / Double(n - 1)) }
        let gradedIndefinite = graded.enumerated().map { $0.offset % 2 == 0 ? $0.element : -$0.element }
        for a in [try Matrix<Double>.randomSymmetric(n, using: &rng), try Matrix<Double>.symmetric(eigenvalues: graded, using: &rng),
                  try Matrix<Double>.symmetric(eigenvalues: gradedIndefinite, using: &rng)] {
            let x = a.converted(to: T.self)
            let (dec, orth) = try SymmetricEigendecomposition(x).residualRatios(for: x)
            worstDec = max(worstDec, Double(dec))
            worstOrth = max(worstOrth, Double(orth))
        }
    }
    report(Record(name: "jacobi-residual-margins", precision: label, n: 64,
                  metrics: [("max_decomposition_ratio", worstDec), ("max_orthogonality_ratio", worstOrth), ("threshold", 60)]))
}

func benchHVP() throws {
    struct Quartic: ScalarFunction {
        let n: Int
        var inputDimension: Int { n }
        func callAsFunction<T: Real>(_ x: [T]) throws -> T {
            var s = T.zero
            for i in 0..<n { let y = x[i] * x[(i + 1) % n]; s += y * y }
            return s
        }
    }
    for n in [16, 64] {
        let f = Quartic(n: n)
        let x = (0..<n).map { Double($0) / Double(n) }
        var r = Record(name: "hessian-vector-product", precision: "Double", n: n)
        r.times = try measure(reps: 50) { _ = try Derivatives.hessianVectorProduct(of: f, at: x, along: x) }
        report(r)
    }
}

// MARK: - MLP gradients, HVPs and Hessians

/// The MLP benchmark instances: tanh [10, h, h, 1] with squared error on 64 samples (h = 10, 20, 40; p = 141, 491, 2121,
/// the last the issue's JAX anchor) and the paper-004 network [50, 10, 30, 10] (ReLU, softmax cross-entropy, n = 100,
/// p = 1150). Inputs and parameters N(0, 1) and 0.3·N(0, 1) from fixed seeds; classes i mod 10.
struct BenchMLP {
    let tag: String
    let net: MultilayerPerceptron
    let data: MultilayerPerceptron.Data
    let theta: [Double]
    let inputs: [Double], targets: [Double]
}

func benchMLPs() throws -> [BenchMLP] {
    var out = [BenchMLP]()
    let specs: [(String, [Int], MultilayerPerceptron.Activation, MultilayerPerceptron.Loss, Int)] = [
        ("tanh-10", [10, 10, 10, 1], .tanh, .squared, 64), ("tanh-20", [10, 20, 20, 1], .tanh, .squared, 64),
        ("tanh-40", [10, 40, 40, 1], .tanh, .squared, 64), ("paper", [50, 10, 30, 10], .relu, .softmaxCrossEntropy, 100),
    ]
    for (i, (tag, widths, activation, loss, n)) in specs.enumerated() {
        let net = try MultilayerPerceptron(widths: widths, activation: activation, loss: loss)
        var rng = SeededGenerator(seed: 20_261_000 + UInt64(i))
        let x = (0..<n).map { _ in (0..<widths[0]).map { _ in rng.normal() } }
        let data: MultilayerPerceptron.Data, targets: [Double]
        if loss == .squared {
            let y = (0..<n).map { _ in [rng.normal()] }
            data = try MultilayerPerceptron.Data(inputs: x, values: y); targets = y.flatMap { $0 }
        } else {
            let c = (0..<n).map { $0 % widths.last! }
            data = try MultilayerPerceptron.Data(inputs: x, classes: c, classCount: widths.last!); targets = c.map(Double.init)
        }
        let theta = (0..<net.parameterCount).map { _ in 0.3 * rng.normal() }
        out.append(BenchMLP(tag: tag, net: net, data: data, theta: theta, inputs: x.flatMap { $0 }, targets: targets))
    }
    return out
}

/// Gradient, one HVP (direction θ) and the full Hessian of every instance; for the paper network also the Hessian
/// plus its full spectrum (the issue's "under 2 s in total" case).
func benchMLP() throws {
    for m in try benchMLPs() {
        let p = m.net.parameterCount
        var g = Record(name: "mlp-gradient-\(m.tag)", precision: "Double", n: p)
        g.times = try measure(reps: 20) { _ = try m.net.lossAndGradient(m.theta, data: m.data) }
        report(g)
        var hv = Record(name: "mlp-hvp-\(m.tag)", precision: "Double", n: p)
        hv.times = try measure(reps: 20) { _ = try m.net.hessianVectorProduct(m.theta, direction: m.theta, data: m.data) }
        report(hv)
        var h = Record(name: m.tag.hasPrefix("tanh") ? "mlp-hessian-tanh" : "mlp-hessian-\(m.tag)", precision: "Double", n: p)
        h.times = try measure(reps: 5) { _ = try m.net.hessian(m.theta, data: m.data) }
        report(h)
        if m.tag == "paper" {
            var both = Record(name: "mlp-hessian-and-spectrum-paper", precision: "Double", n: p)
            both.times = try measure(reps: 5) { _ = try TridiagonalQREigendecomposition.eigenvalues(of: try m.net.hessian(m.theta, data: m.data)) }
            report(both)
        }
    }
}

/// Writes θ, inputs, targets, one HVP and the Hessian of each instance (float64 little-endian) and a manifest, so that
/// Scripts/anchor.py can run JAX on the same network and compare both the values and the times.
func dumpMLPs(to dir: String) throws {
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    func write(_ a: [Double], _ file: String) throws {
        var bytes = [UInt8]()
        bytes.reserveCapacity(a.count * 8)
        for v in a { withUnsafeBytes(of: v.bitPattern.littleEndian) { bytes.append(contentsOf: $0) } }
        try Data(bytes).write(to: URL(fileURLWithPath: dir).appendingPathComponent(file))
    }
    var entries = [String]()
    for m in try benchMLPs() {
        try write(m.theta, "\(m.tag)-theta.f64"); try write(m.inputs, "\(m.tag)-x.f64"); try write(m.targets, "\(m.tag)-y.f64")
        try write(try m.net.hessianVectorProduct(m.theta, direction: m.theta, data: m.data), "\(m.tag)-hvp.f64")
        try write(try m.net.hessian(m.theta, data: m.data).elements, "\(m.tag)-hessian.f64")
        let activation = m.net.activation == .tanh ? "tanh" : "relu"
        let loss = m.net.loss == .squared ? "squared" : "cross-entropy"
        entries.append("{\"tag\": \"\(m.tag)\", \"widths\": \(m.net.widths), \"activation\": \"\(activation)\", \"loss\": \"\(loss)\", \"n\": \(m.data.count)}")
    }
    let manifest = "{\"format\": \"float64 little-endian; θ in layer order W_l (row-major out×in) then b_l\", \"networks\": [\n  " + entries.joined(separator: ",\n  ") + "\n]}\n"
    try Data(manifest.utf8).write(to: URL(fileURLWithPath: dir).appendingPathComponent("manifest.json"))
}

// MARK: - Driver

func jsonNumber(_ x: Double) -> String { x.isFinite ? String(format: "%.6g", x) : "null" }

func printJSON() {
    var caseLines = [String]()
    for r in records {
        var fields = ["\"name\": \"\(r.name)\"", "\"precision\": \"\(r.precision)\"", "\"n\": \(r.n)"]
        if !r.times.isEmpty {
            fields.append("\"reps\": \(r.times.count)")
            fields.append("\"min_ms\": \(jsonNumber(r.minimum * 1e3))")
            fields.append("\"median_ms\": \(jsonNumber(r.median * 1e3))")
        }
        for (k, v) in r.metrics { fields.append("\"\(k)\": \(jsonNumber(v))") }
        caseLines.append("{" + fields.joined(separator: ", ") + "}")
    }
    var fitLines = [String]()
    for (name, precision, exponent) in fits() {
        fitLines.append("{\"name\": \"\(name)\", \"precision\": \"\(precision)\", \"exponent\": \(jsonNumber(exponent))}")
    }
    print("{\"build\": \"release\", \"cases\": [\n  " + caseLines.joined(separator: ",\n  ") + "\n], \"scaling_exponents\": [\n  "
          + fitLines.joined(separator: ",\n  ") + "\n]}")
}

/// Scaling exponents of every timed (name, precision) series with at least three sizes, in
/// the order the series first appeared.
func fits() -> [(String, String, Double)] {
    var keys = [(String, String)]()
    for r in records where !r.times.isEmpty && !keys.contains(where: { $0 == (r.name, r.precision) }) { keys.append((r.name, r.precision)) }
    return keys.compactMap { key in
        let points = records.filter { ($0.name, $0.precision) == key && !$0.times.isEmpty }.map { ($0.n, $0.minimum) }
        return scalingExponent(points).map { (key.0, key.1, $0) }
    }
}

nonisolated(unsafe) let allCases: [(String, () throws -> Void)] = {
    var cases: [(String, () throws -> Void)] = [
        ("qr", { try benchTridiagonalQR(Double.self, "Double", maxN: 1024) }),
        ("jacobi", { try benchJacobiLarge(Double.self, "Double", maxN: 256) }),
    ]
    #if (arch(i386) || arch(x86_64)) && !os(Windows) && !os(Android)
    cases.append(("qr-float80", { try benchTridiagonalQR(Float80.self, "Float80", maxN: 512) }))
    cases.append(("jacobi-float80", { try benchJacobiLarge(Float80.self, "Float80", maxN: 128) }))
    #endif
    cases.append(("specialisation", { try benchSpecialisation() }))
    cases.append(("jacobi-small", {
        try benchEigen(Double.self, "Double")
        #if (arch(i386) || arch(x86_64)) && !os(Windows) && !os(Android)
        try benchEigen(Float80.self, "Float80")
        #endif
    }))
    cases.append(("jacobi-positive-definite", {
        try benchEigenPositiveDefinite(Double.self, "Double")
        #if (arch(i386) || arch(x86_64)) && !os(Windows) && !os(Android)
        try benchEigenPositiveDefinite(Float80.self, "Float80")
        #endif
    }))
    cases.append(("jacobi-residual-margins", {
        try residualMargins(Double.self, "Double")
        #if (arch(i386) || arch(x86_64)) && !os(Windows) && !os(Android)
        try residualMargins(Float80.self, "Float80")
        #endif
    }))
    cases.append(("hvp", { try benchHVP() }))
    cases.append(("mlp-hessian", { try benchMLP() }))
    return cases
}()

func usage() -> Never {
    let names = allCases.map { $0.0 }.joined(separator: ",")
    FileHandle.standardError.write(Data("usage: numerics-bench [--json] [--cases \(names)] [--dump-matrices DIR] [--dump-mlp DIR]\n".utf8))
    exit(2)
}

var selected = Set(allCases.map { $0.0 })
var arguments = Array(CommandLine.arguments.dropFirst())
var json = false
while !arguments.isEmpty {
    let a = arguments.removeFirst()
    switch a {
    case "--json": json = true
    case "--cases":
        guard !arguments.isEmpty else { usage() }
        let wanted = arguments.removeFirst().split(separator: ",").map(String.init)
        guard wanted.allSatisfy({ w in allCases.contains { $0.0 == w } }) else { usage() }
        selected = Set(wanted)
    case "--dump-mlp":
        guard !arguments.isEmpty else { usage() }
        do { try dumpMLPs(to: arguments.removeFirst()) } catch {
            FileHandle.standardError.write(Data("numerics-bench: \(error)\n".utf8))
            exit(1)
        }
        exit(0)
    case "--dump-matrices":
        guard !arguments.isEmpty else { usage() }
        do { try dumpMatrices(to: arguments.removeFirst()) } catch {
            FileHandle.standardError.write(Data("numerics-bench: \(error)\n".utf8))
            exit(1)
        }
        exit(0)
    default: usage()
    }
}
humanOutput = !json

do {
    for (name, run) in allCases where selected.contains(name) { try run() }
    if json {
        printJSON()
    } else {
        for (name, precision, exponent) in fits() { print("scaling exponent \(name) \(precision): \(String(format: "%.2f", exponent)) (log-log fit of min time vs n)") }
    }
} catch {
    FileHandle.standardError.write(Data("numerics-bench: \(error)\n".utf8))
    exit(1)
}
