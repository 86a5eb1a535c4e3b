/// Errors the claim layer reports to the command line.
public enum ClaimsError: Error, Equatable, CustomStringConvertible {
    case unknownClaim(String, known: [String])
    case duplicateClaim(String)
    case io(String)
    case baseline(String)

    public var description: String {
        switch self {
        case let .unknownClaim(id, known): return "unknown claim ID '\(id)'; known IDs: \(known.joined(separator: ", "))"
        case let .duplicateClaim(id): return "claim ID '\(id)' is registered twice"
        case let .io(m): return m
        case let .baseline(m): return m
        }
    }
}

public enum Papers {
    public static let bootstrapSGD = Paper(
        id: "001", title: "A Bootstrap Perspective on Stochastic Gradient Descent",
        authors: "Lan, Liu, Schäfer", arXiv: "2512.07676", idPrefix: "BS-")
    public static let all: [Paper] = [bootstrapSGD]
}

/// Every registered claim, in catalog order (paper, then the order the catalog lists them).
public enum ClaimRegistry {
    public static let all: [Claim] = BootstrapSGDClaims.all

    public static var ids: [String] { all.map(\.id) }

    public static func claim(_ id: String) throws -> Claim {
        guard let c = all.first(where: { $0.id == id }) else { throw ClaimsError.unknownClaim(id, known: ids) }
        return c
    }

    /// The claims named by `ids` (all claims when empty), in registry order, without repeats.
    /// Throws for an unknown ID.
    public static func select(_ ids: [String]) throws -> [Claim] {
        if ids.isEmpty { return all }
        let wanted = Set(try ids.map { try claim($0).id })
        return all.filter { wanted.contains($0.id) }
    }

    /// Throws if two claims share an ID or an ID does not carry its paper's prefix.
    public static func validate() throws {
        var seen = Set<String>()
        for c in all {
            guard seen.insert(c.id).inserted else { throw ClaimsError.duplicateClaim(c.id) }
            guard c.id.hasPrefix(c.paper.idPrefix) else {
                throw ClaimsError.baseline("claim \(c.id) does not carry its paper's prefix \(c.paper.idPrefix)")
            }
        }
    }
}
