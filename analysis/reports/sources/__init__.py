"""The sources report (03_sources): who is quoted, with which cue verb, from which group."""
