"""``python -m rotation_planner`` runs the ``planner`` command line."""

from rotation_planner.cli import main

main()
