"""FAISS over the index: the passage and window vectors, candidates, exact scores."""
