"""Answer: sentences, the no-answer decision and its signals, messages, results."""
