"""The index folder's files: passages, reports, digests, checks, read by position."""
