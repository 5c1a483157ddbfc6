"""samverkan: cooperation between a municipality and the police, kept as YAML records."""

__version__ = "0.1.0"
