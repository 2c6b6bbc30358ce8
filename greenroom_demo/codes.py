"""Check characters for the demo's identifiers: USCC (GB 32100), org codes, ID numbers."""

from __future__ import annotations

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def uscc_check_char(first17: str) -> str:
    """The GB 32100-2015 check character for the first 17 characters of a USCC."""
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def org_check_char(first8: str) -> str:
    """The GB 11714 check character of a 9-character organisation code."""
    total = sum(int(c, 36) * w for c, w in zip(first8, ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def make_uscc(authority_type: str, region: str, org8: str) -> str:
    """A valid USCC: 2 chars (authority + entity type), 6-digit region, 8-char org code base."""
    first17 = authority_type + region + org8 + org_check_char(org8)
    return first17 + uscc_check_char(first17)


def uscc_is_valid(code: str) -> bool:
    """True when `code` passes GB 32100-2015 (any registration-authority character)."""
    if len(code) != 18 or any(c not in USCC_ALPHABET for c in code):
        return False
    return uscc_check_char(code[:17]) == code[17]


def id_number(first17: str) -> str:
    """A resident ID number (GB 11643) with its real check character."""
    total = sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS, strict=True))
    return first17 + "10X98765432"[total % 11]


def bad_check(code: str) -> str:
    """The same code with a wrong check character."""
    good = code[-1]
    wrong = USCC_ALPHABET[(USCC_ALPHABET.index(good) + 7) % 31]
    return code[:-1] + wrong
