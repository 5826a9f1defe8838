"""Calculator input errors: each names the domain field to blame (`gpus`, `qps`), never a flag;
the CLI spells a field as its flag, `--` plus the field with hyphens."""

from __future__ import annotations


class CalcInputError(ValueError):
    """Inputs a calculator cannot use; `field` is the input to fix."""

    def __init__(self, message: str, field: str):
        super().__init__(message)
        self.message = message
        self.field = field.lstrip("-").replace("-", "_")


def check_at_most(value: float | None, most: float, field: str, what: str, error: type) -> None:
    """Refuse a figure beyond any real system (`what` names the limit in words)."""
    if value is not None and value > most:
        raise error(f"{value:.3g} is beyond any real {what} (at most {most:,.0f})", field)
