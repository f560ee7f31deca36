"""Tests of the Python format: segments, contexts, positions, the plain and LibCST readers."""
