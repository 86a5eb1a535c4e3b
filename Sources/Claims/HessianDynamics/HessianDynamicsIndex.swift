/// Paper 004's claims in catalog order. Every other file in this folder declares
/// one claim, named after its ID (`LI-P1` → LI_P1.swift); a test fails when one is missing here.
enum HessianDynamicsIndex {
    static let claims: [Claim] = [
        LI_DEF_EMP.claim,
        LI_DEF_SG.claim,
        LI_DEF_LOSS.claim,
        LI_P1.claim,
        LI_TAB1.claim,
        LI_EX1.claim,
        LI_EX2.claim,
        LI_X_LOEWNER.claim,
        LI_D1.claim,
        LI_C3.claim,
    ]
}
