"""copkit: run a community of practice as a git folder of YAML files."""

__version__ = "0.1.0"
