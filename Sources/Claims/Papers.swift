/// The four papers of the catalog and the per-paper claim indexes. A paper's claims are listed in
/// its folder's <Folder>Index.swift (one source file per claim beside it); a test fails when a claim file
/// is not registered there.
public enum Papers {
    public static let bootstrapSGD = Paper(
        id: "001", title: "A Bootstrap Perspective on Stochastic Gradient Descent",
        authors: "Lan, Liu, Schäfer", source: "arXiv:2512.07676", idPrefix: "BS-", folder: "BootstrapSGD")

    public static let linearStability = Paper(
        id: "002", title: "When does SGD favor flat minima? A quantitative characterization via linear stability",
        authors: "Wu, Wang, Su", source: "preprint (2022)", idPrefix: "WU-", folder: "LinearStability")

    public static let stabilityTightness = Paper(
        id: "003", title: "Revisiting the stability of stochastic gradient descent: a tightness analysis",
        authors: "anonymous authors", source: "submission under review", idPrefix: "HC-", folder: "StabilityTightness")

    public static let hessianDynamics = Paper(
        id: "004", title: "Hessian based analysis of SGD for deep nets: dynamics and generalization",
        authors: "Li, Gu, Zhou, Chen, Banerjee", source: "preprint", idPrefix: "LI-", folder: "HessianDynamics")

    public static let all: [Paper] = [bootstrapSGD, linearStability, stabilityTightness, hessianDynamics]

    static var claims: [Claim] {
        BootstrapSGDIndex.claims + LinearStabilityIndex.claims + StabilityTightnessIndex.claims + HessianDynamicsIndex.claims
    }
}
