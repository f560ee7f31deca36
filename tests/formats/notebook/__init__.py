"""Tests of the notebook format: cells, IPython syntax, positions, suppressions, fixes."""
