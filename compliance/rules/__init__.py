"""The rule base: one module per source of rules, each rule declared once beside its citation.

``base`` is the declaration language, ``facts`` the fact fields rules read; the checker discovers
every module here that declares a ``RULESET``.
"""
