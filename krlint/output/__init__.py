"""Output formats: each a function of the lint results to the text printed."""

from __future__ import annotations

from . import github, sarif, text
from . import json as json_format

FORMATS = {"text": text.render, "json": json_format.render, "github": github.render, "sarif": sarif.render}
