"""counter-app: the after-sales service counter of a jewelry store chain.

The package is the Qt-free core: domain rules, data, services and the CLI.
"""

__version__ = "0.1.0"
