"""Next-symbol models that read a table row as a sentence, one symbol per column."""

from ._base import ColumnHead, SymbolicLM, SymbolVocabulary
from .rnn import RecurrentLM
from .transformer import TransformerLM
from .wavenet import WaveNetLM

ARCHITECTURES = {"rnn": RecurrentLM, "transformer": TransformerLM, "wavenet": WaveNetLM}

__all__ = [
    "ARCHITECTURES",
    "ColumnHead",
    "RecurrentLM",
    "SymbolVocabulary",
    "SymbolicLM",
    "TransformerLM",
    "WaveNetLM",
]
