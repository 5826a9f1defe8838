"""The coach: coverage, checks and the report. Data only; the text lives in render/ and tui/."""
