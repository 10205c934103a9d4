"""Output formats: each a function of the lint results to the text printed."""

from __future__ import annotations

from . import json as json_format
from . import text

FORMATS = {"text": text.render, "json": json_format.render}
