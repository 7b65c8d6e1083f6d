"""memo: write, check and export a one-page fine-tune vs in-context learning decision memo."""

__version__ = "0.1.0"
