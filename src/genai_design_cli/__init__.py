"""genai-design: a command-line coach for GenAI system design."""

__version__ = "0.1.0"
