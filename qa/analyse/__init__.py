"""Analyse: what a question asks (places, years, parts, terms; follow-ups; filters)."""
