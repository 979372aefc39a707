"""The evidence about one question: each feature's value, and the notice of each signal
against answering (what a refusal's reason names)."""

from __future__ import annotations

from dataclasses import dataclass, field

from qa.answer.messages import Notice


@dataclass
class Evidence:
    """The feature values of one question, and the notices of the signals against it."""

    values: dict[str, float] = field(default_factory=dict)
    signals: dict[str, Notice] = field(default_factory=dict)

    def set(self, name: str, value: float, notice: Notice | None = None) -> None:
        self.values[name] = float(value)
        if notice is not None:
            self.signals[name] = notice
