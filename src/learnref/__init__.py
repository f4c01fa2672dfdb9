"""learnref: key messages from safeguarding learning briefings, in the terminal."""

__version__ = "1.0.0"
