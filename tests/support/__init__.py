"""Test doubles shared by the suite (importable as `support` or `tests.support`)."""
