"""The command line: one module per command group; each parses options, calls the core and
prints. Nothing here holds logic the Python API lacks."""
