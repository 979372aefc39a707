"""What a sentence states and what a question asks of it: an act, an amount, a day, whose figure, a
value."""
