"""A team's memos over time: the status lifecycle, the portfolio of memos, the static site.

- :mod:`memo.portfolio.lifecycle`: which status changes are allowed and what each records
  (``memo status``). Pure.
- :mod:`memo.portfolio.entries`: one row per memo found, by the recognition ``memo check``
  uses (``memo list``, ``memo site``).
- :mod:`memo.portfolio.listing`: the rows as a table, JSON or CSV. Pure.
- :mod:`memo.portfolio.site`: the rows as a static HTML site (``memo site``).
"""
