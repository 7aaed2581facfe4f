"""Training commands of the shipped models (not part of `make demo`)."""
