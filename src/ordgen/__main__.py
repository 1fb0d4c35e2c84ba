"""`python -m ordgen`."""

from .cli import main

main()
