// swift-tools-version:6.0
// SGDClaims: executable evidence for claims about SGD, Hessians and generalization.
// Toolchain and Foundation only — no third-party packages.
import PackageDescription

let package = Package(
    name: "SGDClaims",
    products: [
        .library(name: "Numerics", targets: ["Numerics"]),
        .library(name: "Constructions", targets: ["Constructions"]),
        .library(name: "Claims", targets: ["Claims"]),
        .executable(name: "sgd-claims", targets: ["sgd-claims"]),
        .executable(name: "numerics-bench", targets: ["numerics-bench"]),
    ],
    targets: [
        .target(name: "Numerics"),
        .target(name: "Constructions", dependencies: ["Numerics"]),
        .target(name: "Claims", dependencies: ["Numerics", "Constructions"]),
        .executableTarget(name: "sgd-claims", dependencies: ["Claims"]),
        .executableTarget(name: "numerics-bench", dependencies: ["Numerics"]),
        // Helpers shared by the two test targets (error-kind matching); not a product.
        .target(name: "TestSupport", dependencies: ["Numerics"], path: "Tests/TestSupport"),
        .testTarget(name: "TheoremTests", dependencies: ["Claims", "Constructions", "Numerics", "TestSupport"]),
        .testTarget(name: "PropertyTests", dependencies: ["Numerics", "Constructions", "TestSupport"]),
    ]
)
