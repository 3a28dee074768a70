"""firearms-gap: a cited gap matrix of national firearms law against the UN Firearms Protocol."""

__version__ = "0.1.0"
