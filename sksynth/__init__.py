"""sksynth: synthetic tabular data from symbolic sequence models, the scikit-learn way."""

from .baseline import IndependentGenerator
from .discretizer import SymbolicDiscretizer
from .generator import RNNGenerator, SequenceGenerator, TransformerGenerator, WaveNetGenerator
from .oversampling import SyntheticOverSampler
from .pipeline import SynthesisPipeline, make_synthesis_pipeline

__version__ = "0.1.0.dev0"

__all__ = [
    "IndependentGenerator",
    "RNNGenerator",
    "SequenceGenerator",
    "SymbolicDiscretizer",
    "SynthesisPipeline",
    "SyntheticOverSampler",
    "TransformerGenerator",
    "WaveNetGenerator",
    "make_synthesis_pipeline",
    "__version__",
]
