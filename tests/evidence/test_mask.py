"""The masking helper hides mobile and ID numbers and keeps everything else."""

import pytest

from storage.report import highlight, in_context, mask


@pytest.mark.parametrize(
    "text, expected",
    [
        ("手机13800000000", "手机138****0000"),
        ("+86 138-1234-5678", "+86 138-****-5678"),
        ("身份证 330106199001011234", "身份证 3301**********1234"),
        ("身份证 33010619900101123X", "身份证 3301**********123X"),
        # compliant: landlines, USCC, permits, longer digit runs are left alone
        ("电话 0571-88886666", "电话 0571-88886666"),
        ("91330100MA27XYZ12K", "91330100MA27XYZ12K"),
        ("JY13301020000001", "JY13301020000001"),
        ("订单 138000000001234", "订单 138000000001234"),
    ],
)
def test_mask(text, expected):
    assert mask(text) == expected


def test_masking_keeps_the_length_so_a_snippet_stays_in_place():
    text = "店铺电话 13800000000 欢迎"
    assert len(mask(text)) == len(text)


def test_highlight_escapes_every_part():
    parts = in_context("<b>before</b> <script>x</script> after", "<script>x</script>")
    assert str(highlight(parts)) == (
        "&lt;b&gt;before&lt;/b&gt; <mark>&lt;script&gt;x&lt;/script&gt;</mark> after"
    )
