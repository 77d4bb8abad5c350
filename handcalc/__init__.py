"""handcalc: hand-calculation exercises on backpropagation — solve, check, generate."""

__version__ = "0.1.0"
