"""The outlets report (05_outlets): predicted outlets, citations and text reuse."""
