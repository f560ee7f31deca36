"""Findings out: the report formats and the baseline."""
