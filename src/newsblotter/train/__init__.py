"""Training commands of the shipped models: ``python -m newsblotter.train.<name>``."""
