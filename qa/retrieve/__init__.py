"""Retrieve: dense and BM25 candidates, fused and boosted; optional rerank."""
