"""Real public tables shipped with sksynth, loaded as scikit-learn style Bunches."""

from ._base import load_adult, load_cicids2017

__all__ = ["load_adult", "load_cicids2017"]
