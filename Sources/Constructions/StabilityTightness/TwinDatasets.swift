import Numerics

/// One training or test point z = (x, y).
public struct LabeledPoint: Codable, Equatable, Sendable {
    public var x: [Double]
    public var y: Double
    public init(_ x: [Double], _ y: Double) { self.x = x; self.y = y }
}

/// Twin data sets S and S' (the paper's Def. 4): the same n points except at one index i.
public struct TwinDatasets: Sendable, Equatable {
    public let s: [LabeledPoint]
    public let sPrime: [LabeledPoint]
    public let differingIndex: Int

    /// Throws for empty sets, different sizes, points of different dimensions, non-finite values,
    /// and sets that do not differ in exactly one index (identical sets are not twins).
    public init(s: [LabeledPoint], sPrime: [LabeledPoint]) throws {
        guard !s.isEmpty else { throw NumericsError.empty(operation: "TwinDatasets") }
        guard s.count == sPrime.count else {
            throw NumericsError.dimensionMismatch(operation: "TwinDatasets", expected: "\(s.count) points in S'", got: "\(sPrime.count)")
        }
        let d = s[0].x.count
        guard d > 0 else { throw NumericsError.invalidArgument(operation: "TwinDatasets", detail: "points have dimension 0") }
        for (k, z) in (s + sPrime).enumerated() {
            guard z.x.count == d else {
                throw NumericsError.dimensionMismatch(operation: "TwinDatasets", expected: "dimension \(d)", got: "\(z.x.count) at point \(k)")
            }
            try (z.x + [z.y]).requireFinite("TwinDatasets point \(k)")
        }
        let differing = (0..<s.count).filter { s[$0] != sPrime[$0] }
        guard differing.count == 1 else {
            throw NumericsError.invalidArgument(operation: "TwinDatasets", detail: "S and S' must differ in exactly one point; they differ in \(differing.count)")
        }
        self.s = s; self.sPrime = sPrime; differingIndex = differing[0]
    }

    public var count: Int { s.count }
    public var dimension: Int { s[0].x.count }
}
