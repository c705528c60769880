"""The CP-SAT model every part of the product builds.

OR-Tools 9.15 gives each new ``CpModel`` some sixty camel-case aliases of its methods
(``AddBoolOr`` for ``add_bool_or``...), built one by one: about 3 ms a model. The
product uses the PEP 8 names only, and a diagnosis builds dozens of models (each
relaxation is proven by a solve of its own), so ``Model`` leaves them out. Everything
else is CP-SAT's own model.
"""

from __future__ import annotations

from ortools.sat.python import cp_model


class Model(cp_model.CpModel):
    """``cp_model.CpModel`` without the camel-case aliases; a clone is one too."""

    def _add_pre_pep8_methods(self) -> None:
        """Nothing: the aliases are what this class leaves out."""

    def clone(self) -> Model:
        """A copy of this model, as ``CpModel.clone`` makes it."""
        copy = Model()
        copy.proto.copy_from(self.proto)
        copy.rebuild_constant_map()
        return copy
