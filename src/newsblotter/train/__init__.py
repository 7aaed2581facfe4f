"""Training commands for the models shipped in the package (``python -m
newsblotter.train.<name>``). None of them runs at ingest time or in ``make demo``; each reads
public data from the shared folder and writes its weights under the stage that loads them."""
