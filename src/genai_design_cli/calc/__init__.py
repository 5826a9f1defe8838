"""Calculators (cost, latency, capacity) and the sourced model/GPU catalog: pure functions over
plain inputs; the CLI, the interview and the export call the same ones."""
