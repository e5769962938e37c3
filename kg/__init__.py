"""kg: the Allied intervention in the Russian Civil War as a knowledge graph you can trust."""

__version__ = "0.1.0"
