"""Embed: encoders, what text they see, and the embedding cache."""
