"""handcalc: hand-calculation exercises on backpropagation — solve, check, generate.

The version has one source, pyproject.toml; ``handcalc --version`` reads it from the installed
package's metadata (importlib.metadata), so no copy here can drift.
"""
