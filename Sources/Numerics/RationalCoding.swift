/// Text form of a rational ("p/q", or "p" when q = 1), so that exact parameters can live in
/// Codable setups and JSON files and read back exactly.
extension Rational: Codable, LosslessStringConvertible {
    /// Parses "p/q" or "p" with optional leading '-' (no spaces, 128-bit integers). Returns nil for
    /// anything else, including a zero denominator.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 1 || parts.count == 2, let p = Int128(String(parts[0])) else { return nil }
        let q: Int128
        if parts.count == 2 {
            guard let qq = Int128(String(parts[1])) else { return nil }
            q = qq
        } else { q = 1 }
        guard let r = try? Rational(p, q) else { return nil }
        self = r
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        let s = try c.decode(String.self)
        guard let r = Rational(s) else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "'\(s)' is not a rational of the form p/q")
        }
        self = r
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}
