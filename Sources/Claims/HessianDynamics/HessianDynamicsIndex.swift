/// Paper 004's claims in catalog order. Every other file in this folder declares
/// one claim, named after its ID (`LI-P1` → LI_P1.swift); a test fails when one is missing here.
enum HessianDynamicsIndex {
    static let claims: [Claim] = [
        LI_DEF_EMP.claim,
        LI_DEF_SG.claim,
        LI_DEF_LOSS.claim,
        LI_P1.claim,
        LI_P1_CF.claim,
        LI_FISH.claim,
        LI_TAB1.claim,
        LI_EX1.claim,
        LI_EX2.claim,
        LI_X_LOEWNER.claim,
        LI_EQ21.claim,
        LI_X_DIAG.claim,
        LI_EQ13.claim,
        LI_DK.claim,
        LI_T1_PATH.claim,
        LI_REM_ESC.claim,
        LI_T3_STEP.claim,
        LI_A2.claim,
        LI_D1.claim,
        LI_EQ99.claim,
        LI_D2.claim,
        LI_L1.claim,
        LI_C3.claim,
        LI_T4.claim,
        LI_C4.claim,
        LI_FIG2.claim,
    ]
}
