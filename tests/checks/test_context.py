"""checks.context: how a clause puts a lexicon term (asserted, negated, prohibited …)."""

import pytest

from checks.context import ASSERTED, NEGATED, PROHIBITED, QUOTED, WARNED, read


def reading(text: str, term: str, negation: bool = True) -> str:
    start = text.index(term)
    return read(text, start, start + len(term), negation=negation).kind


@pytest.mark.parametrize(
    ("text", "term", "kind"),
    [
        ("主播同款，大胃王挑战一口气吃完！", "大胃王", ASSERTED),
        ("聚餐前来一条，暴饮暴食也不怕。", "暴饮暴食", ASSERTED),
        ("不怕胖，大胃王来了", "大胃王", ASSERTED),
        ("无糖大胃王碗", "大胃王", ASSERTED),
        ("拒绝浪费，但大胃王挑战照样来", "大胃王", ASSERTED),
        ("我们反对大胃王式吃播", "大胃王", WARNED),
        ("不提倡大胃王挑战", "大胃王", WARNED),
        ("大胃王式吃播不可取", "大胃王", WARNED),
        ("温馨提示：拒绝大胃王，光盘行动", "大胃王", WARNED),
        ("抵制浪费、暴饮暴食", "暴饮暴食", WARNED),
        ("切勿暴饮暴食", "暴饮暴食", PROHIBITED),
        ("严禁以下行为：大胃王吃播、催吃", "大胃王", PROHIBITED),
        ("本节目不是大胃王挑战", "大胃王", NEGATED),
        ("不要一味追求暴食", "暴食", PROHIBITED),
        ("本品没有治疗作用", "治疗", NEGATED),
        ("“大胃王”同款碗", "大胃王", QUOTED),
        ("《大胃王》节目周边", "大胃王", QUOTED),
        ("平台规则：直播中不得宣扬大胃王", "大胃王", QUOTED),
    ],
)
def test_reading_of_a_term(text, term, kind):
    assert reading(text, term) == kind


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("特价商品，不支持七天无理由退货", ASSERTED),
        ("根据平台规则，本店特价商品不支持七天无理由退货", ASSERTED),
        ("商家不得以任何理由不支持七天无理由退货", PROHIBITED),
        ("谨防商家不支持七天无理由退货", WARNED),
        ("谨防商家以“不支持七天无理由”为由推脱", QUOTED),
        ("根据《网络购买商品七日无理由退货暂行办法》第六条，下列商品不支持七天无理由退货", QUOTED),
        ("不支持七天无理由退货是违规的", WARNED),
    ],
)
def test_a_negative_term_read_without_negation(text, kind):
    assert reading(text, "不支持七天无理由", negation=False) == kind


@pytest.mark.parametrize(
    ("value", "sentence"),
    [
        ("不支持（特价商品）", "不支持七天无理由退货（特价商品）"),
        ("电子产品拆封后不支持", "电子产品拆封后不支持七天无理由退货"),
        ("支持", "支持七天无理由退货"),
        ("7天", "七天无理由退货：7天"),
    ],
)
def test_a_verdict_with_its_reason_or_condition_reads_as_one_clause(value, sentence):
    from checks.context import pair_sentence

    assert pair_sentence("七天无理由退货", value) == sentence


def test_a_negated_refusal_is_no_refusal():
    from checks.context import read

    text = "退货承诺：本店从不拒绝七天无理由退货"
    at = text.index("拒绝")
    assert not read(text, at, len(text), negation=True).asserted
