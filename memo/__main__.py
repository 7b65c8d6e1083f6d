"""Allow ``python -m memo``."""

from memo.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
