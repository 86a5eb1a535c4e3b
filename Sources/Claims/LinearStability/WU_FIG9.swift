/// WU-FIG9 (Figure 9, CIFAR-10): escape from a minimum found by large-batch SGD. The paper's networks and data are out
/// of reach; the catalog's substitute is WU-FIG4's protocol with the minimum found by SGD with B = n/2 = 10 and the
/// escape run with B = 1 at the same step.
enum WU_FIG9 {
    static let claim = Claim(
        "WU-FIG9", paper: Papers.linearStability, location: "App. A, Figure 9",
        title: "SGD with a small batch escapes from minima that large-batch SGD found (substitute for the CIFAR-10 runs)",
        expected: .empirical, tiers: [.numerical, .statistical], keyFigure: "escapeShareLower",
        errata: [
            """
            Out of reach here: ResNet/VGG on CIFAR-10 (50 trajectories, minimum found with B = 64, escape with B = 4). What \
            the substitute can say: on a small tanh network the same protocol shows the same qualitative effect, with the \
            operator radius explaining it; what it cannot say: anything about the size, speed or loss levels of the paper's \
            networks.
            """,
        ],
        statement: WU_FIG4.statement(finder: .sgd))
}
