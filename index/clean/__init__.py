"""Clean: paragraph lines, page furniture and duplicate paragraphs (spans only)."""
