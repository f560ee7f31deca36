"""One folder per rule: a small vocabulary, inputs in each format, and the expected report."""
