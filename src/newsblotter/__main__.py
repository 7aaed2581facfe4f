"""``python -m newsblotter``: the command line."""

from newsblotter.cli import main

main()
