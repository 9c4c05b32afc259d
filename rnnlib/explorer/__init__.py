"""The weight explorer, a package of its own: the widget, its engine and its front end.

- ``widget.py``: ``WeightExplorer``, shown live in JupyterLab (anywidget) or as a static twin.
- ``engine.py``: what it computes, with rnnlib (a whole run from a start, its ghost, replay).
- ``explorer.js`` / ``explorer.css``: the one front end; in the static book it repeats
  ``engine.py`` in the page, number for number.
"""

from .widget import PLACEHOLDER, SCRIPT, STYLE, WeightExplorer

__all__ = ["PLACEHOLDER", "SCRIPT", "STYLE", "WeightExplorer"]
