"""Every term of the medical lexicon (广告法 第十七条, 食品安全法 第七十三条) and of its masks, with a positive and a near miss each
(rows in tests/checks/lexicons/medical*.toml), read by the check's own matching (checks.text.scan)."""

from tests.checks.lexicons.rows import lexicon_tests

(
    test_a_listing_that_asserts_the_term_is_found,
    test_the_near_miss_is_not_a_medical_claim,
    test_the_mask_covers_its_plain_use,
    test_a_claim_beside_the_masked_words_is_still_found,
    test_every_term_has_a_row,
) = lexicon_tests("medical", "medical_not")
