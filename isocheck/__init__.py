"""isocheck: ISO management-system evidence evaluated against rule packs, as test results."""

from isocheck.engine import Assessment, evaluate, plan
from isocheck.errors import CheckError, InputError, IsocheckError, Problem, UsageError
from isocheck.hookspecs import hookimpl
from isocheck.model import Finding

__version__ = "0.1.0"

__all__ = [
    "Assessment",
    "CheckError",
    "Finding",
    "InputError",
    "IsocheckError",
    "Problem",
    "UsageError",
    "__version__",
    "evaluate",
    "hookimpl",
    "plan",
]
