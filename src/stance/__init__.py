"""policy-stance: measure where public figures stand on drug policy from their quotes in news.

The package is split by domain noun: :mod:`stance.corpus` (articles in), :mod:`stance.segment`
(quotes out), :mod:`stance.scheme` (the label axis), :mod:`stance.labels` (gold data),
:mod:`stance.model` (the Pipeline), :mod:`stance.evaluate` (cross-validation and per-speaker
positions), :mod:`stance.report` (rendering) and :mod:`stance.cli` (wiring only).
"""

__version__ = "0.1.0"
