"""The rulebook: one module per rule ID, each holding everything about its rule.

``registry.REGISTRY`` lists them in order; ``facts.Facts.move`` is the one
admissible-move predicate; ``audit.Audit`` is a finished plan as the checks see it.
"""
