"""Parsing of human-friendly numbers: `10M`, `2.5k`, `1_000`, `30%`."""

from __future__ import annotations

import math
import re

# digits with commas only in thousands groups: 1,000 and 12,345.5, not 0,5 or 1,5 or 10,00
_THOUSANDS = re.compile(r"^[-+]?\d{1,3}(?:,\d{3})+(?:\.\d*)?(?:e[-+]?\d+)?$", re.I)
_SUFFIXES = {"": 1.0, "k": 1e3, "m": 1e6, "b": 1e9, "g": 1e9, "t": 1e12}
_NUMBER = re.compile(
    r"^\s*([-+]?(?:\d[\d_,]*\.?\d*|\.\d+)(?:e[-+]?\d+)?)\s*([kmbgt]?)\s*(%?)\s*$", re.I
)


def parse_number(text: str | float | int) -> float:
    """Parse `10M`, `2.5k`, `1_000`, `1,000`, `1e6` or `15%` (= 0.15) into a float.

    Raises ValueError with a message fit for a user, also for numbers too large to be finite
    (`1e400` would be infinity, and infinity breaks every calculation downstream).
    """
    if isinstance(text, bool):
        raise ValueError(f"expected a number, got {text!r}")
    if isinstance(text, (int, float)):
        try:
            value = float(text)
        except OverflowError:  # an int beyond float range
            raise ValueError(_TOO_LARGE.format(text=text)) from None
        if not math.isfinite(value):
            raise ValueError(_TOO_LARGE.format(text=text))
        return value
    match = _NUMBER.match(text)
    if not match:
        raise ValueError(f"{text.strip()!r} is not a number; write e.g. 100, 2.5k, 10M or 1_000")
    digits, suffix, percent = match.groups()
    if "," in digits and not _THOUSANDS.match(digits):
        # a comma counts only as a thousands separator (1,000): `0,5` is a decimal comma
        guess = digits.replace(",", ".", 1) if digits.count(",") == 1 else None
        hint = f"; did you mean {guess}{suffix}{percent}?" if guess else ""
        raise ValueError(f"{text.strip()!r}: commas only group thousands (1,000){hint}")
    value = float(digits.replace("_", "").replace(",", "")) * _SUFFIXES[suffix.lower()]
    if percent:
        value /= 100
    if not math.isfinite(value):
        raise ValueError(_TOO_LARGE.format(text=text.strip()))
    return value


_TOO_LARGE = "{text} is not a finite number (too large to compute with); give a realistic figure"


def format_count(value: float) -> str:
    """10_000_000 -> '10M'; 2500 -> '2.5k'; 42 -> '42'."""
    for suffix, scale in (("T", 1e12), ("B", 1e9), ("M", 1e6), ("k", 1e3)):
        if abs(value) >= scale:
            scaled = value / scale
            return f"{scaled:,.0f}{suffix}" if abs(scaled) >= 1000 else f"{scaled:.3g}{suffix}"
    return f"{value:.3g}" if value != int(value) else str(int(value))


def format_dollars(value: float) -> str:
    """Dollars with precision that fits the size: $100,000, $12.50, $0.0100, $0.000001."""
    if value == 0:
        return "$0"
    if abs(value) >= 100:
        return f"${value:,.0f}"
    if abs(value) >= 1:
        return f"${value:,.2f}"
    if abs(value) >= 0.0001:
        return f"${value:.4f}"
    return "$" + f"{value:.10f}".rstrip("0")


def format_percent(fraction: float) -> str:
    """0.2 -> '20%'; 0.005 -> '0.5%'; 0.333 -> '33.3%' (never rounds a non-zero share to 0%)."""
    percent = fraction * 100
    if percent == int(percent):
        return f"{int(percent)}%"
    return f"{percent:.3g}%"


def format_ms(value: float) -> str:
    """Milliseconds as one reading everywhere: 2000 -> '2,000 ms'; 12.5 -> '12.5 ms'."""
    return f"{value:,.0f} ms" if abs(value) >= 100 or value == int(value) else f"{value:.3g} ms"


def format_ratio(value: float) -> str:
    """10000 -> '10,000'; 3.4 -> '3.4'; 0.5 -> '0.5' (a ratio below 1 is not rounded to 0)."""
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:.3g}" if abs(value) >= 1 else f"{value:.2g}"
