"""Store: the index folder (FAISS, BM25 and its tokens, passages, manifest)."""
