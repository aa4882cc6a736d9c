"""The reports wing: what each report shows, computed from the study store, drawn apart.

One package per report (:mod:`.corpus`, :mod:`.topics`, :mod:`.sentiment`, :mod:`.sources`,
:mod:`.outlets`, :mod:`.synthesis`), each with the tables the report shows, its charts (Bokeh)
and its prose; beside them the shared :mod:`.widgets` (interactive tables and charts),
:mod:`.charts` (Bokeh chart builders), :mod:`.cells` (cell formatting), :mod:`.stats` (intervals)
and :mod:`.labels`. The renderer that runs the notebooks is :mod:`analysis.render`. Studies import
nothing from here.
"""
