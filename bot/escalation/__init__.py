"""Getting a person to human help: cases that counsellors work (`cases`), staff (`staff`),
the anonymous relay (`relay`), notes, feedback and trend signals."""
