"""``python -m hingecoach`` runs the command line."""

from hingecoach.cli.app import main

main()
