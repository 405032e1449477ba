"""Getting a person to human help: escalation cases that counsellors work (`cases`, `policy`,
`staff`, `relay`, `intake`), and the crisis contacts shown by country (`contacts`).

`contacts` is pure (no I/O but reading its file, no clock) so that `qadam flows check` can
use it. This initializer imports nothing: import the modules themselves, and the engine can
check the contacts file without loading the database code beside it.
"""
