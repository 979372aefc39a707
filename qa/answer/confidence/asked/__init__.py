"""What a question asks, checked against what the reports state: an amount, a part, members, a year,
a value, an outcome, a document number."""
