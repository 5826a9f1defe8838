"""The title question's wording, in a module that imports nothing: `new` asks it before the
framework and the session models load, so the first prompt shows at once."""

TITLE_PROMPT = "Title of this design (e.g. 'Support bot for an online store')"
TITLE_REQUIRED = "an answer is required: some text"
