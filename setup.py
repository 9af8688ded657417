"""What pyproject.toml cannot say: the top-level `resources/` folder ships as `counter_app.resources`.

The repository keeps fonts and translations in `resources/` at the top; the wheel (and so
every non-editable install) carries them inside the package, next to the code that reads
them (see `counter_app/paths.py`). Everything else is configured in pyproject.toml.
"""

from setuptools import find_namespace_packages, setup

RESOURCES = ["counter_app.resources", *(f"counter_app.resources.{p}" for p in find_namespace_packages("resources"))]

setup(
    packages=[*find_namespace_packages(include=["counter_app*", "ui*"], exclude=["*.__pycache__"]), *RESOURCES],
    package_dir={"counter_app.resources": "resources"},
)
