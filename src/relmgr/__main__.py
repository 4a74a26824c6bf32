"""Run relmgr as `python -m relmgr`."""

from relmgr.cli import main

if __name__ == "__main__":
    main()
