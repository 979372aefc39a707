"""What a question asks beyond its topic: a field, a count, a bound, a part, a year."""
