"""The spec kernel, what every layer may use: reading and migrating content files and
their errors, the locale list, the severity scale and the clock. Depends on nothing else
in Qadam."""
