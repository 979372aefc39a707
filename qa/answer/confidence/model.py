"""The confidence model: a logistic regression over the answerability features, stored as a
small JSON file (``model.json`` beside this module: feature names, scaling, coefficients) and
applied with numpy.

It is fitted by ``python -m qa.evaluation.calibrate`` on the labelled question sets. The
features whose scale is the encoder's (``MEANING_FEATURES``) are left at their fitted mean when
the engine's encoder is not the one the model was fitted with (the fake test encoder): another
encoder's cosines mean something else.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from qa.answer.confidence.features import FEATURES, MEANING_FEATURES

MODEL_FILE = "model.json"


@dataclass(frozen=True)
class ConfidenceModel:
    """``confidence = sigmoid(intercept + coef · (x - mean) / scale)``."""

    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    encoder: str
    threshold: float
    """The threshold chosen on the question sets left out whole (the setting's default)."""

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ConfidenceModel:
        features = tuple(data["features"])
        if set(features) != set(FEATURES):
            raise ValueError(f"the confidence model's features {features} are not {FEATURES}")
        return cls(
            features=features,
            mean=np.asarray(data["mean"], dtype=np.float64),
            scale=np.asarray(data["scale"], dtype=np.float64),
            coef=np.asarray(data["coef"], dtype=np.float64),
            intercept=float(data["intercept"]),
            encoder=str(data.get("encoder", "")),
            threshold=float(data.get("threshold", 0.5)),
        )

    @classmethod
    def load(cls, path: Path | None = None) -> ConfidenceModel:
        """The shipped model, or the one at ``path``."""
        if path is None:
            source = resources.files("qa.answer.confidence").joinpath(MODEL_FILE)
            return cls.from_dict(json.loads(source.read_text(encoding="utf-8")))
        return cls.from_dict(json.loads(path.read_text(encoding="utf-8")))

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": "logistic_regression",
            "encoder": self.encoder,
            "threshold": round(self.threshold, 4),
            "features": list(self.features),
            "mean": [round(float(v), 6) for v in self.mean],
            "scale": [round(float(v), 6) for v in self.scale],
            "coef": [round(float(v), 6) for v in self.coef],
            "intercept": round(self.intercept, 6),
        }

    def contributions(self, values: dict[str, float], encoder: str = "") -> np.ndarray:
        """Each feature's share of the log-odds (positive: for answering)."""
        raw = np.array([values[name] for name in self.features], dtype=np.float64)
        if encoder and self.encoder and encoder != self.encoder:
            for i, name in enumerate(self.features):
                if name in MEANING_FEATURES:
                    raw[i] = self.mean[i]
        return np.asarray(self.coef * (raw - self.mean) / self.scale)

    def confidence(self, values: dict[str, float], encoder: str = "") -> float:
        logit = self.intercept + float(self.contributions(values, encoder).sum())
        return float(1.0 / (1.0 + np.exp(-np.clip(logit, -50.0, 50.0))))
