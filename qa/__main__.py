"""`python -m qa` runs the same command line as `qa`."""

from qa.cli import cli

if __name__ == "__main__":
    cli(prog_name="qa")
