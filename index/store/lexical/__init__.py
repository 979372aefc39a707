"""BM25 over the index: tokens, vocabulary ids, candidates and the exact top-k."""
