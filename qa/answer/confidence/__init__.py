"""Whether the reports answer a question: verified facts refuse alone, every other signal is
weighed by one calibrated model into a ``confidence`` (``decision``, ``features``, ``model``)."""

from qa.answer.confidence.decision import Judge, Verdict

__all__ = ["Judge", "Verdict"]
