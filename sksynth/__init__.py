"""sksynth: synthetic tabular data from symbolic sequence models, the scikit-learn way."""

from .discretizer import SymbolicDiscretizer

__version__ = "0.1.0.dev0"

__all__ = ["SymbolicDiscretizer", "__version__"]
