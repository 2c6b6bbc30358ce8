"""The label vocabulary: labels as platforms word them → disclosure keys, and value clean-up."""

from __future__ import annotations

import re
from functools import cache, lru_cache
from pathlib import Path

from toolkit.lexicon import alternation, read_terms
from toolkit.text import fold

DATA = Path(__file__).with_name("data")
# order matters on ties: the platform's own numbers first, then the most specific keys
KEYS = [
    "icp",
    "qq",
    "wechat",
    "uscc",
    "permit",
    "filing",
    "registered_name",
    "legal_rep",
    "shop_name",
    "operator",
    "email",
    "phone",
    "address",
    "category",
]
_WEAK = frozenset(("shop_name", "operator", "category"))  # need a colon when short


@cache
def vocabulary(name: str) -> tuple[str, ...]:
    """Terms of data/<name>.txt (toolkit.lexicon), folded."""
    return tuple(fold(t) for t in read_terms(DATA / f"{name}.txt"))


@cache
def words(name: str) -> str:
    """data/<name>.txt as one regular-expression alternation, in file order, unfolded."""
    return alternation(read_terms(DATA / f"{name}.txt"))


@cache
def _terms() -> dict[str, str]:
    """Folded lower-case term → key."""
    out: dict[str, str] = {}
    for key in KEYS:
        for term in vocabulary(f"label_{key}"):
            out.setdefault(_norm(term), key)
    return out


@cache
def _any_term() -> re.Pattern:
    """Any vocabulary term, as _terms() holds them: most texts asked about hold none."""
    return re.compile("|".join(re.escape(t) for t in sorted(_terms(), key=len, reverse=True)))


def _norm(label: str) -> str:
    label = fold(label).lower()
    return re.sub(r"[\s:*·•\-_]+|^[\[【(]+|[\]】)]+$", "", label)


@cache
def _ignore() -> tuple[str, ...]:
    return tuple(_norm(t) for t in vocabulary("label_ignore"))


def is_term(label: str) -> bool:
    """Whether `label` is itself a vocabulary term (not merely containing one)."""
    return _norm(label) in _terms()


@lru_cache(maxsize=65536)
def classify(label: str) -> str | None:
    """The disclosure key a label names (`统一社会信用代码` → `uscc`), or None."""
    norm = _norm(label)
    if not norm or len(norm) > 24:
        return None
    terms = _terms()
    if norm in terms:
        return terms[norm]
    if any(t in norm for t in _ignore()) or not _any_term().search(norm):
        return None
    best = None  # the head noun comes last in Chinese: prefer the term ending latest
    for term, key in terms.items():
        at = norm.rfind(term)
        slack = 10 if at + len(term) == len(norm) else 4  # 店铺客服电话, 电话(工作日)
        if at >= 0 and len(norm) <= len(term) + slack:
            rank = (at + len(term), len(term))
            if best is None or rank > best[0]:
                best = (rank, key)
    return best[1] if best else None


@lru_cache(maxsize=65536)
def known_suffix(candidate: str) -> str | None:
    """The longest vocabulary label that `candidate` ends with (`…100号电话` → `电话`)."""
    norm = fold(candidate)
    low = norm.lower()
    best = None
    for term in _raw_terms():
        if low.endswith(term.lower()) and (best is None or len(term) > len(best)):
            best = term
    return norm[len(norm) - len(best) :] if best else None


@cache
def _raw_terms() -> tuple[str, ...]:
    return tuple(t for key in KEYS for t in vocabulary(f"label_{key}"))


def strong(term: str) -> bool:
    """Whether a label may stand without a colon (beside its value, or in a table cell)."""
    key = classify(term)
    if key in _WEAK:
        return is_term(term) and len(_norm(term)) >= 3
    return bool(key)


@cache
def bare_label_re() -> re.Pattern:
    """Strong labels followed by white space and a value: `联系电话 0571-…`."""
    terms = sorted({t for t in _raw_terms() if strong(t)}, key=len, reverse=True)
    alt = "|".join(re.escape(t) for t in terms)
    return re.compile(rf"(?:^|(?<=[\s,;|。、]))({alt})\s+(?=[^\s:])", re.IGNORECASE)


# ------------------------------------------------------------------------ value shapes

ICP = re.compile(
    r"[\u4e00-\u9fa5]{1,2}ICP[备证][^\s,;。|]{2,30}|[\u4e00-\u9fa5]公网安备\s*\d{6,}号?",
    re.IGNORECASE,
)
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
PHONE = re.compile(r"(?<![\w.])\+?\(?\d[\d\s\-()]{3,}\d(?![\w.@])")
USCC = re.compile(r"[0-9A-Za-z]{8,}")
FOOD_PERMIT = re.compile(r"(?<![A-Za-z0-9])JY\d{10,16}(?![0-9])")
FOOD_FILING = re.compile(r"(?<![A-Za-z0-9])YB\d{8,}(?![0-9])")
_RUN_ON = re.compile(rf"\s*(?:{words('footer_run_on')})", re.IGNORECASE)
_PERMIT_KINDS = ("食品", "药品", "医疗器械", "器械", "出版", "文化", "生产", "SC")
_NONE = ("暂无", "无", "未填写", "未公示", "-", "/", "none", "n/a", "null")


_ORG_END = re.compile(rf"({words('name_end')})$", re.IGNORECASE)
_ACTION = re.compile(words("link_action"))


def name_value(value: str) -> str:
    """A name as shown, without the link wording that often follows it (`… 查看营业执照`,
    `… 进店逛逛`)."""
    tokens = value.split()
    for n, token in enumerate(tokens[1:], 1):  # the name ends where link wording begins
        if _ACTION.search(token) or find("link_licence", token) or find("link_shop", token):
            tokens = tokens[:n]  # (`千江月 进入店铺 描述 4.5` → 千江月)
            break
    for n, token in enumerate(tokens[:-1]):
        if _ORG_END.search(token) and len(token) >= 4:
            return " ".join(tokens[: n + 1])
    return " ".join(tokens)


_IM = words("instant_messaging")
_IM_BEFORE = re.compile(rf"({_IM})\s*(号)?\s*:?\s*$", re.IGNORECASE)
_IM_START = re.compile(rf"({_IM})\b")
_IM_LABEL = re.compile(rf"^({_IM})(号)?\s*:?\s*", re.IGNORECASE)


def _phones(value: str) -> list[tuple[str, str]]:
    """(key, number) for each number in a phone value; a number shown as QQ/微信 is not a phone."""
    out = []
    for m in PHONE.finditer(value):
        number = m.group()
        cut = number.rfind("(")
        if cut > 0 and ")" not in number[cut:]:  # 400-155-0551(9:00-21:00): hours, not digits
            number = number[:cut]
        number = number.strip(" -")
        if number.count("(") != number.count(")"):
            number = number.strip(" -()")
        if sum(ch.isdigit() for ch in number) >= 5:
            im = _IM_BEFORE.search(value[max(0, m.start() - 8) : m.start()])
            kind = ("qq" if im.group(1).lower() == "qq" else "wechat") if im else "phone"
            out.append((kind, number))
    return out


def disclosures(label: str, value: str) -> list[tuple[str, str, str]]:
    """(key, label, value) for one shown pair: keys decided by label, then by value shape."""
    label = label.strip()
    value = value.strip(" ,;|。、:")[:300]
    if not value or value.lower() in _NONE:
        return []
    key = classify(label)
    icp = ICP.search(value)
    if icp and (key in (None, "phone", "permit", "filing", "icp") and icp.start() <= 2):
        return [("icp", label, icp.group())]
    if key is None or (key in _WEAK and not is_term(label)):  # 推荐店铺 is no shop name
        return []
    low = value.lower()
    if key in ("phone", "operator", "shop_name") and _IM_START.match(low):
        key = "qq" if low.startswith("qq") else "wechat"
        value = _IM_LABEL.sub("", value)
    if key == "icp":
        return [("icp", label, value)]
    if key == "qq":
        m = re.search(r"\d{5,12}", value)
        return [("qq", label, m.group())] if m else []
    if key == "wechat":
        return [("wechat", label, value.split()[0])]
    if key == "phone":
        if "@" in value:
            return [("email", label, m.group()) for m in EMAIL.finditer(value)]
        return [(kind, label, number) for kind, number in _phones(value)]
    if key == "email":
        return [("email", label, m.group()) for m in EMAIL.finditer(value)]
    if key == "uscc":
        compact = re.sub(r"[\s\-]", "", value)
        m = USCC.match(compact) or USCC.search(value)
        return [("uscc", label, m.group())] if m else []
    if key in ("permit", "filing"):
        if not re.search(r"[0-9A-Za-z]{4,}|[\u4e00-\u9fa5]{2,}\d", value):
            return []
        if FOOD_FILING.search(value):
            key = "filing"
        kind_shown = any(k in label for k in _PERMIT_KINDS)
        if key == "permit" and not kind_shown and FOOD_PERMIT.search(value):
            label = f"{label}（食品经营许可证）"
        return [(key, label, value)]
    if key in ("registered_name", "operator", "legal_rep", "shop_name"):
        value = name_value(value)
        if not value or len(value) > 80 or not re.search(r"[\u4e00-\u9fffA-Za-z]", value):
            return []
        return [(key, label, value)]
    if key == "address":  # up to a © line or filing number run on after it (a footer line)
        value = _RUN_ON.split(value, maxsplit=1)[0].strip(" ,;|。、:")
        return [("address", label, value)] if len(value) >= 2 else []
    return [(key, label, value)]


@cache
def term_set(name: str) -> frozenset[str]:
    """Terms of vocabulary `name`, lower-cased, for exact look-ups."""
    return frozenset(t.lower() for t in vocabulary(name))


@cache
def _rx(*names: str) -> re.Pattern:
    terms = sorted({t for name in names for t in vocabulary(name)}, key=len, reverse=True)
    return re.compile("|".join(re.escape(t) for t in terms), re.IGNORECASE)


def starts_any(names: tuple[str, ...], text: str) -> bool:
    """Whether `text` begins with a term of any of the vocabularies `names` (one look-up)."""
    return bool(text) and _rx(*names).match(text) is not None


def find(name: str, text: str) -> re.Match | None:
    """The first term of vocabulary `name` that occurs in `text`."""
    return _rx(name).search(text) if text else None


def matches(name: str, text: str) -> bool:
    """Whether `text` is exactly a term of vocabulary `name` (case-insensitive)."""
    m = _rx(name).fullmatch(text.strip()) if text else None
    return m is not None
