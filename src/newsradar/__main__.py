"""``python -m newsradar``: the command line."""

from newsradar.cli import main

main()
