"""``python -m handcalc``: the same command line as the ``handcalc`` script."""

from .cli import main

main()
