"""The domain model: framework, conditions, cases, sessions, answers. No terminal, no writes."""
