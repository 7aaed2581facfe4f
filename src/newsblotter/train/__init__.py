"""Training commands of the shipped models: ``python -m newsblotter.train.<name>`` (run by
hand, never by ``make demo``)."""
