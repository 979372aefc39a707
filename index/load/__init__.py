"""Load: report files of every format as text (and what they declare)."""
