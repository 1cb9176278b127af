"""saidwhat."""
from .about import __version__
