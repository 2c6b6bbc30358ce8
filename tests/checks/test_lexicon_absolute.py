"""Every term of the absolute lexicon (广告法 第九条) and of its masks, with a positive and a near miss each
(rows in tests/checks/lexicons/absolute*.toml), read by the check's own matching (checks.text.scan)."""

from tests.checks.lexicons.rows import lexicon_tests

(
    test_a_listing_that_asserts_the_term_is_found,
    test_the_near_miss_is_not_an_absolute_claim,
    test_the_mask_covers_its_plain_use,
    test_a_claim_beside_the_masked_words_is_still_found,
    test_every_term_has_a_row,
) = lexicon_tests("absolute", "absolute_not")
