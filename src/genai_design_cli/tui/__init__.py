"""Terminal front end: consoles, questionary prompts, Rich views. Only cli/ imports this."""
