"""Files: where they live, TOML with located errors, atomic writes, the session store, history."""
