"""The topics report (01_topics): topic tables, shares per outlet and period, with n.

:func:`load` computes every table the report shows (:class:`TopicsReport`); :mod:`.views` holds
the table builders, :mod:`.charts` draws them.
"""

from analysis.reports.topics import charts, views
from analysis.reports.topics.load import Shares, TopicsReport, load

__all__ = ["Shares", "TopicsReport", "charts", "load", "views"]
