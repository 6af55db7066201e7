"""One benchmark figure beside its baseline."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Row:
    """A measured figure; `baseline` is measured in the same run, `target` bounds the ratio
    (or the value itself when there is no baseline)."""

    name: str
    value: float
    unit: str
    baseline_name: str = ""
    baseline: float | None = None
    target: float | None = None
    target_kind: str = (
        "ratio"  # "ratio": value/baseline <= target; "max": value <= target; "min": value >= target
    )

    @property
    def ratio(self) -> float | None:
        if self.baseline is None or self.baseline == 0:
            return None
        return self.value / self.baseline

    @property
    def passed(self) -> bool | None:
        if self.target is None:
            return None
        if self.target_kind == "ratio":
            return None if self.ratio is None else self.ratio <= self.target
        if self.target_kind == "min":
            return self.value >= self.target
        return self.value <= self.target

    def as_dict(self) -> dict[str, object]:
        return {**asdict(self), "ratio": self.ratio, "passed": self.passed}

    def cells(self) -> tuple[str, str, str, str, str, str]:
        base = (
            f"{self.baseline:.3g} {self.unit} ({self.baseline_name})"
            if self.baseline is not None
            else "-"
        )
        ratio = f"{self.ratio:.2f}x" if self.ratio is not None else "-"
        if self.target is None:
            target = "-"
        elif self.target_kind == "ratio":
            target = f"<= {self.target:g}x"
        elif self.target_kind == "min":
            target = f">= {self.target:g} {self.unit}"
        else:
            target = f"<= {self.target:g} {self.unit}"
        ok = {True: "yes", False: "NO", None: ""}[self.passed]
        return (self.name, f"{self.value:.3g} {self.unit}", base, ratio, target, ok)
