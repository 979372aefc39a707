"""Evaluation: metrics on question sets and external benchmarks."""
