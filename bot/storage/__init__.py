"""Persistence: the tables, their encryption and pseudonyms, keys, and migrations.

Modules: `models` (tables), `database` (engines), `migrate` (Alembic upgrade), `crypto`
(AES-GCM, pseudonyms, short codes), `aad` (what each ciphertext is bound to), `keys`
(where the keys come from), `errors`.
"""
