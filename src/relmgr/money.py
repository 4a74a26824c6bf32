"""Money: exact decimal amounts with an ISO 4217 currency, never binary floats.

Amounts are stored as decimal text ("1200.50") and summed as `Decimal`, per currency: totals in
different currencies are never added together. JSON shows amounts as numbers; a float holds
every amount with up to 15 significant digits exactly enough that its shortest repr is the same
decimal, so `0.1 + 0.2` stays `0.3`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from relmgr.errors import BadInput

# Signs people write before or after an amount, and the currency each means. "$" and "¥" are
# read as the book's own currency when it is written with them (SGD, CNY), else as USD and JPY.
_SIGNS = {"€": "EUR", "£": "GBP", "₹": "INR", "Rs.": "INR", "Rs": "INR", "zł": "PLN", "Rp": "IDR", "₩": "KRW",
          "฿": "THB", "₱": "PHP", "₺": "TRY", "₽": "RUB", "₫": "VND"}  # fmt: skip
_DOLLARS = frozenset("USD AUD CAD NZD SGD HKD TWD BND BSD BBD BZD BMD FJD GYD JMD KYD LRD NAD SBD SRD TTD XCD".split())
_SYMBOLS = (*_SIGNS, "$", "¥")
_THOUSANDTHS = frozenset("BHD IQD JOD KWD LYD OMR TND".split())  # currencies with three decimals


def decimal_text(text: str) -> str:
    """Plain decimal text from an amount as people write it, whatever their country.

    1,234.50 and 1.234,50 and 1 234,50 and 1'234.50 are all 1234.50; with one kind of separator,
    groups of three digits are thousands (1,250,000 and Rp 1.250.000.000, €12.000 and 12,000), as
    are India's lakh and crore groups (₹12,50,000 and 1,00,00,000), and anything else is the
    decimal part (12,5 or 12.5 or 0.125). Money has no third decimal, but in the currencies
    counted in thousandths (1.250 KWD is one dinar 250 fils). Raises ValueError for text that is
    not an amount.
    """
    clean = text.strip()
    for symbol in _SYMBOLS:
        clean = clean.replace(symbol, "")
    clean = re.sub(r"[\s\u00a0\u202f'_]", "", clean)
    code = re.search(r"^[A-Za-z]{3}|[A-Za-z]{3}$", clean)  # a currency code before or after
    if code:
        clean = clean[: code.start()] + clean[code.end() :]
    if "," in clean and "." in clean:
        decimal = "," if clean.rfind(",") > clean.rfind(".") else "."
        clean = clean.replace("." if decimal == "," else ",", "").replace(",", ".")
    elif "," in clean:
        grouped = re.fullmatch(r"-?[1-9]\d{0,2}(,\d{3})+|-?\d{1,2}(,\d{2})+,\d{3}", clean)  # thousands; lakhs
        clean = clean.replace(",", "") if grouped else clean.replace(",", ".")
    elif re.fullmatch(r"-?[1-9]\d{0,2}(\.\d{3})+", clean) and not (code and code.group().upper() in _THOUSANDTHS):
        clean = clean.replace(".", "")
    if not re.fullmatch(r"-?(\d+(\.\d*)?|\.\d+)", clean):
        raise ValueError(text)
    return clean


def amount(text: str | int | Decimal | None, what: str = "--value") -> Decimal | None:
    """Read a non-negative amount ("1200", "1,200.50", "1.200,50"); raise BadInput if it is not one."""
    if text is None or (isinstance(text, str) and not text.strip()):
        return None
    try:
        value = Decimal(decimal_text(str(text)))
    except (ValueError, InvalidOperation):
        raise BadInput(f"{what} {text!r} is not an amount", "use digits and a decimal point, e.g. 12000.50") from None
    if value < 0:
        raise BadInput(f"{what} {text!r} is negative", "amounts are zero or more")
    return value


_CODE_AROUND = re.compile(r"^\s*([A-Za-z]{3})(?![A-Za-z])|(?<![A-Za-z])([A-Za-z]{3})\s*$")


def written_currency(text: str, default: str) -> str | None:
    """The currency an amount is written in, if it says: a code before or after it ("EUR 1,200",
    "1200 PLN") or a sign ("€1.234,50", "₹12,50,000", "120 000 zł", "Rp 1.250.000"); else None."""
    found = _CODE_AROUND.search(text)
    if found:
        code = (found.group(1) or found.group(2)).upper()
        if code in ISO_4217:
            return code
    for sign, code in _SIGNS.items():
        if sign in text:
            return code
    if "$" in text:
        return default if default in _DOLLARS else "USD"
    if "¥" in text:
        return default if default in ("JPY", "CNY") else "JPY"
    return None


def priced(
    text: str | int | Decimal | None, given: str | None, default: str, what: str = "--value"
) -> tuple[Decimal | None, str]:
    """(amount, currency) of an amount with an optional --currency: the currency given, else the
    one the amount is written in, else the book's; BadInput when the two disagree."""
    value = amount(text, what)
    written = written_currency(text, default) if isinstance(text, str) else None
    code = currency(given, "") if given else ""
    if written and code and written != code:
        raise BadInput(f"{what} {text!r} is in {written} but --currency says {code}", "give one currency")
    return value, code or written or default


def same_currency(text: str | int | Decimal, code: str, what: str, record: str) -> Decimal | None:
    """An amount for a record that already has its currency (a renewal, a won deal); BadInput
    when it is written in another one."""
    value = amount(text, what)
    written = written_currency(text, code) if isinstance(text, str) else None
    if written and written != code:
        raise BadInput(f"{what} {text!r} is in {written}, but {record} is in {code}",
                       "amounts of one record are in one currency")  # fmt: skip
    return value


_CHANGE = re.compile(r"\s*([+-])\s*(\d+(?:[.,]\d+)?)\s*%\s*")


def is_change(text: str) -> bool:
    return _CHANGE.fullmatch(text) is not None


def changed(old: str | Decimal, text: str) -> Decimal | None:
    """`old` moved by a change written as a percentage ("+5%", "-2.5%"), to the cent (halves away
    from zero); None when `text` is not such a change. BadInput when it would be below zero."""
    found = _CHANGE.fullmatch(text)
    if not found:
        return None
    from relmgr.rounding import half_up

    sign = 1 if found.group(1) == "+" else -1
    percent = Decimal(found.group(2).replace(",", "."))
    if sign < 0 and percent > 100:
        raise BadInput(f"{text.strip()} would take the value below zero", "a decrease is at most -100%")
    value = half_up(Decimal(old) * (1 + sign * percent / 100), 2)
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value


def stored(value: Decimal | None) -> str | None:
    """How an amount is stored: plain decimal text, no exponent."""
    if value is None:
        return None
    text = format(value, "f")
    return text


# Active ISO 4217 currency codes (2024), so a typo such as "EUO" is caught when it is typed.
ISO_4217 = frozenset(
    """AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV BRL BSD BTN BWP BYN BZD
    CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS
    GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT
    LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD
    OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SLL SOS SRD SSP STN SVC
    SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD USN UYI UYU UYW UZS VED VES VND VUV WST XAF XAG XAU
    XBA XBB XBC XBD XCD XCG XDR XOF XPD XPF XPT XSU XUA YER ZAR ZMW ZWG ZWL""".split()
)


def currency(code: str | None, default: str) -> str:
    """An ISO 4217 code, upper-cased; raise BadInput otherwise."""
    if code is None or not code.strip():
        return default
    clean = code.strip().upper()
    if not re.fullmatch(r"[A-Z]{3}", clean) or clean not in ISO_4217:
        raise BadInput(f"currency {code!r} is not an ISO 4217 code", "e.g. EUR, INR, PLN, IDR, USD")
    return clean


def number(text: str | None) -> int | float | None:
    """A stored amount as a JSON number (exact for amounts with up to 15 significant digits)."""
    if text is None:
        return None
    value = Decimal(text)
    return int(value) if value == value.to_integral_value() else float(value)


def totals(pairs: Iterable[tuple[str | None, str]]) -> dict[str, Decimal]:
    """Sum (amount text, currency) pairs per currency."""
    sums: dict[str, Decimal] = defaultdict(Decimal)
    for value, code in pairs:
        if value is not None:
            sums[code] += Decimal(value)
    return dict(sorted(sums.items()))


def show(value: str | Decimal | None, code: str) -> str:
    """An amount for people: 12,000.50 EUR, 45,00,000 INR."""
    if value is None:
        return ""
    number_ = Decimal(value)
    places = max(0, -number_.as_tuple().exponent) if isinstance(number_.as_tuple().exponent, int) else 0
    if number_ == number_.to_integral_value():
        places = 0  # whole amounts without ".00"
    elif places == 1:
        places = 2  # cents as people write them: 1,234.50, not 1,234.5
    text = f"{number_:,.{min(places, 4)}f}"
    if code in _LAKH_GROUPED:
        text = _in_lakhs(text)
    return f"{text} {code}"


# Currencies whose people group digits in lakhs and crores: 45,00,000 INR, not 4,500,000 INR.
_LAKH_GROUPED = frozenset({"INR", "NPR", "PKR", "BDT"})


def _in_lakhs(text: str) -> str:
    """Regroup "4,500,000.50" as "45,00,000.50": the last three digits, then pairs."""
    sign, text = ("-", text[1:]) if text.startswith("-") else ("", text)
    whole, dot, fraction = text.partition(".")
    digits = whole.replace(",", "")
    head, tail = digits[:-3], digits[-3:]
    pairs = [head[max(0, end - 2) : end] for end in range(len(head), 0, -2)][::-1]
    return sign + ",".join([*pairs, tail]) + dot + fraction
