"""`python -m onrecord` is the `onrecord` command."""

from onrecord.cli import main

main()
