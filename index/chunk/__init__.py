"""Chunk: headings, one passage per paragraph, sentence windows of long ones."""
