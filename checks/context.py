"""What a clause says about a lexicon term in it: asserted, negated, prohibited, warned, quoted.

A lawyer reads a term in its clause, not in a window of characters. A text is split into
sentences (。！？ and line ends) and clauses (，；： and the like; 、 joins a list inside one); a cue reaches the term
only inside its clause, and only up to a contrast (但, 而是 …):

- **quoted**: the term stands inside quotation marks 「」“”《》『』, or its clause cites a
  law, an article or the platform's rules (根据《…办法》第六条, 平台规则), or a heading
  before a colon does (平台规定：…), or an earlier clause of its sentence does and nothing
  between names this shop or item (根据平台规则，本店… is the shop's own word);
- **prohibited**: a prohibition before it in the clause (禁止, 严禁, 不得, 切勿, 勿 …), or
  in the heading before a colon (严禁以下行为：…);
- **warned**: a warning or stand against it before it (反对, 拒绝, 抵制, 杜绝, 谨防 …), or a
  verdict after it (大胃王式吃播不可取, 暴饮暴食有害健康);
- **negated**: a negator (不, 没, 无, 非, 并非 …) whose scope reaches the term: only modal
  and light verbs between them (不要暴饮暴食, 不提倡大胃王), so 不怕/不停/无糖 are words,
  not negations of what follows;
- **asserted**: none of these.

The cues live in `checks/data/context.toml` with their source.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache

from checks.terms import DATA, folded, term_pattern, words
from toolkit.text import fold_chars

ASSERTED, NEGATED, PROHIBITED, WARNED, QUOTED = (
    "asserted",
    "negated",
    "prohibited",
    "warned",
    "quoted",
)
_REACH = 300  # the longest sentence read either side of a term (page text can be 200k)
_SENTENCE = re.compile(r"[。！？!?\n]")
_CLAUSE = re.compile(r"[，。；！？,;!?\n:：]|\s{2,}")
_SELF = re.compile(words("self_reference"))
_QUOTES = (("「", "」"), ("“", "”"), ("《", "》"), ("『", "』"), ("‘", "’"))


@dataclass(frozen=True)
class Reading:
    """How a clause puts a term, and the cue that says so (empty when asserted)."""

    kind: str
    cue: str = ""

    @property
    def asserted(self) -> bool:
        return self.kind == ASSERTED


def _alternation(words: list[str]) -> re.Pattern[str]:
    ordered = sorted(words, key=len, reverse=True)
    return re.compile("|".join(term_pattern(w) for w in ordered))


@cache
def _cues() -> dict[str, re.Pattern[str]]:
    with (DATA / "context.toml").open("rb") as f:
        data = tomllib.load(f)
    cues = {k: _alternation(v) for k, v in data.items() if not k.startswith(("fillers", "verdict"))}
    fillers = "|".join(re.escape(w) for w in sorted(data["fillers"], key=len, reverse=True))
    negators = "|".join(re.escape(w) for w in sorted(data["negated"], key=len, reverse=True))
    cues["negated"] = re.compile(f"(?:{negators})(?:{fillers})*$")
    return cues


@cache
def _verdicts() -> dict[str, str]:
    with (DATA / "context.toml").open("rb") as f:
        data = tomllib.load(f)
    return {
        w.casefold(): say
        for say in ("不支持", "支持")
        for w in data[f"verdict_{'no' if say == '不支持' else 'yes'}"]
    }


_REASONED = re.compile(r"^(\S{2,4}?)\s*([（(,，;；:：].*)$")
_CONDITIONED = re.compile(rf"^(.{{2,}}?)({words('conditioned')})$")


def pair_sentence(label: str, value: str) -> str:
    """A label and its value read as one clause: a yes/no verdict or a cue before its label
    (七天无理由退货 | 不支持 → 不支持七天无理由退货; 大胃王挑战 | 不提倡 → 不提倡大胃王挑战),
    anything else as `label：value`."""
    return verdict_clause(label, value) or f"{label.strip()}：{value.strip()}"


def verdict_clause(label: str, value: str) -> str | None:
    """`value` read as a verdict or a cue on `label` (不支持 → 不支持七天无理由退货), or None
    when it is not one."""
    label, value = label.strip(), value.strip()
    if say := _verdicts().get(fold_chars(value).casefold()):
        return f"{say}{label}"
    # a verdict with its reason after it (不支持（特价商品）) or its condition before it
    # (电子产品拆封后不支持)
    if (m := _REASONED.match(value)) and (say := _verdicts().get(fold_chars(m[1]).casefold())):
        return f"{say}{label}{m[2]}"
    if (m := _CONDITIONED.match(value)) and (say := _verdicts().get(m[2].casefold())):
        return f"{m[1]}{say}{label}"
    cues = _cues()
    if cues["prohibited"].fullmatch(value) or cues["warned"].fullmatch(value):
        return f"{value}{label}"
    return None


def _inside_quotes(text: str, start: int, end: int, lo: int, hi: int) -> str:
    before, after = text[lo:start], text[end:hi]
    for left, right in _QUOTES:
        if before.count(left) > before.count(right) and right in after:
            return left + right
    if before.count('"') % 2 and '"' in after:
        return '""'
    return ""


def _last(rx: re.Pattern[str], text: str) -> str:
    found = list(rx.finditer(text))
    return found[-1].group() if found else ""


def read(text: str, start: int, end: int, *, negation: bool = True) -> Reading:
    """How the clause around `text[start:end]` puts it. With `negation=False` a negator
    does not count (for terms that are themselves negative: 不支持七天无理由)."""
    t = folded(text)
    cues = _cues()
    floor, ceiling = max(0, start - _REACH), min(len(t), end + _REACH)
    lo = max((m.end() for m in _SENTENCE.finditer(t, floor, start)), default=floor)
    hi = next((m.start() for m in _SENTENCE.finditer(t, end, ceiling)), ceiling)
    if quotes := _inside_quotes(t, start, end, lo, hi):
        return Reading(QUOTED, quotes)
    c_lo = max((m.end() for m in _CLAUSE.finditer(t, lo, start)), default=lo)
    c_hi = next((m.start() for m in _CLAUSE.finditer(t, end, hi)), hi)
    prefix, suffix = t[c_lo:start], t[end:c_hi]
    if turn := _last(cues["contrast"], prefix):
        prefix = prefix[prefix.rindex(turn) + len(turn) :]
    colon = max(t.rfind(":", lo, c_lo), t.rfind("：", lo, c_lo))
    heading = t[lo:colon] if colon >= 0 else ""
    cited = _last(cues["citations"], t[lo:c_lo])
    if cited and not _SELF.search(t, t.rindex(cited, lo, c_lo), start):
        return Reading(QUOTED, cited)  # 根据《…》第六条，下列商品…: the rule, not this item
    for kind in (QUOTED, PROHIBITED, WARNED):
        rx = cues["citations" if kind == QUOTED else kind]
        if cue := _last(rx, prefix) or _last(rx, heading):
            return Reading(kind, cue)
    if cue := _last(cues["after"], suffix):
        return Reading(WARNED, cue)
    if negation and (m := cues["negated"].search(prefix)):
        return Reading(NEGATED, m.group())
    return Reading(ASSERTED)


def asserted(text: str, start: int, end: int, *, negation: bool = True) -> bool:
    """Whether the clause asserts `text[start:end]` (see `read`)."""
    return read(text, start, end, negation=negation).asserted
