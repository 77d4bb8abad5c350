"""What ``handcalc check`` shows, by view; this module only names where each lives.

- ``report_sheet``: one sheet — ``sheet_report``, ``sheet_table``, ``hint_report``;
- ``report_class``: many sheets — ``class_report``, and the data: ``report_json``, ``report_csv``;
- ``report_words``: what both share — a verdict's words and style, a mistake's name, points.

The command imports the view it needs from its own module; this one keeps the old names working.
"""

from __future__ import annotations

from .report_class import class_report, report_csv, report_json
from .report_sheet import hint_report, sheet_report, sheet_table

__all__ = ["class_report", "hint_report", "report_csv", "report_json", "sheet_report",
           "sheet_table"]
