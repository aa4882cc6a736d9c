"""The sentiment report (02_sentiment): tone tables with intervals, Bokeh charts and their notes."""
