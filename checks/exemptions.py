"""The goods the law exempts from 七日无理由退货, read from `checks/data/returns_exemptions.toml`.

Each exemption has its article; it counts only when said of this item, asserted (非定制 is
not custom-made) and not in a sentence that lists kinds of goods in general (定制、生鲜等
商品除外 is the platform's rule, not this item). A kind the page mentions without it
counting is *ruled out*, and the finding says why.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache

from checks.context import read
from checks.text import DATA, fold_chars, term_pattern

_SENTENCE = re.compile(r"[^。！？!?\n]+")
_LIST = re.compile(r"[、/]|等|除外|以外|例如|比如|包括")
_CITED = re.compile(r"《[^》]{2,30}(法|办法|条例|规定|规则)》")  # a law or rule quoted


@dataclass(frozen=True)
class Exemption:
    key: str
    name: str
    article: str
    terms: re.Pattern[str]
    needs: re.Pattern[str] | None = None  # `with`: also to be said
    anywhere: bool = False
    title: bool = False  # said only by the item's title (a 邮费 link)


def _pattern(words: list[str]) -> re.Pattern[str]:
    return re.compile(
        "|".join(term_pattern(w) for w in sorted(words, key=len, reverse=True)), re.IGNORECASE
    )


@cache
def _data() -> dict:
    with (DATA / "returns_exemptions.toml").open("rb") as f:
        return tomllib.load(f)


@cache
def _labels(key: str) -> re.Pattern[str]:
    return re.compile("|".join(map(re.escape, _data()[key])))


def own_lines(text: str) -> list[str]:
    """The lines of page text that are this item's spec, delivery or service rows
    (`发货方式：在线发送激活码`): a short label from `own_labels` before a colon."""
    own, out = _labels("own_labels"), []
    for line in (text or "").split("\n"):
        label, colon, _ = fold_chars(line).partition(":")
        if colon and len(label) <= 8 and own.search(label):
            out.append(line)
    return out


def own_pairs(pairs) -> list:
    """The laid-out pairs that are not the page's navigation (a brand filter …)."""
    return [p for p in pairs if not _labels("not_own_labels").search(p.label)]


@cache
def exemptions() -> tuple[Exemption, ...]:
    data = _data()
    return tuple(
        Exemption(
            e["key"],
            e["name"],
            e["article"],
            _pattern(e["terms"]),
            _pattern(e["with"]) if e.get("with") else None,
            bool(e.get("anywhere")),
            bool(e.get("title")),
        )
        for e in data["exemption"]
    )


def _said(rx: re.Pattern[str], sentence: str) -> str:
    """The first asserted match of `rx` in `sentence`, or ''."""
    for m in rx.finditer(fold_chars(sentence)):
        if read(sentence, m.start(), m.end()).asserted:
            return m.group()
    return ""


def _kinds(text: str) -> int:
    return sum(1 for e in exemptions() if e.terms.search(fold_chars(text)))


def _general(sentence: str) -> bool:
    """A sentence naming two kinds of exempt goods in a list: a rule, not this item."""
    return _kinds(sentence) >= 2 and bool(_LIST.search(sentence))


def _quoted_rule(line: str) -> bool:
    """A block that quotes a law or rule and names two kinds of exempt goods: every
    sentence of it is the rule (…但下列商品除外：… 其他…经消费者在购买时确认不宜退货的商品),
    not this item."""
    return bool(_CITED.search(line)) and _kinds(line) >= 2


def _sentences(text: str):
    """(line, sentence) for each sentence of `text`, with the line (block) that holds it."""
    for line in (text or "").split("\n"):
        for sentence in _SENTENCE.findall(line):
            yield line, sentence


def exemption_of(own: list[str], page: list[str]) -> tuple[Exemption | None, list[str]]:
    """The exemption said of this item in its `own` texts (its title first; a confirmation
    in any of the `page` texts), and why each kind the texts mention does not count."""
    ruled: dict[str, str] = {}
    for e in exemptions():
        for text in page if e.anywhere else own[:1] if e.title else own:
            for line, sentence in _sentences(text):
                if not (m := e.terms.search(fold_chars(sentence))):
                    continue
                word = m.group()
                if _general(sentence) or _quoted_rule(line):
                    ruled.setdefault(e.key, f"“{word}”出自概括性说明，并非就本商品所说")
                elif not _said(e.terms, sentence):
                    ruled.setdefault(e.key, f"“{word}”为否定或引述")
                elif e.needs and not _said(e.needs, "。".join(own)):
                    ruled.setdefault(e.key, f"页面未说明系消费者拆封（{e.name}）")
                else:
                    return e, []
        if e.needs and e.key not in ruled and (said := _said(e.needs, "。".join(own))):
            ruled[e.key] = f"“{said}”不足以适用：本商品并非音像制品、计算机软件"
    for text in page:  # words said elsewhere on the page: not of this item
        for e in exemptions():
            if e.key in ruled or e.anywhere or e.title:
                continue
            if m := e.terms.search(fold_chars(text)):
                ruled[e.key] = f"“{m.group()}”见于页面其他位置，并非就本商品所说"
    named = {e.key: e for e in exemptions()}
    return None, [f"{named[k].name}：{why}（{named[k].article}）" for k, why in ruled.items()]
