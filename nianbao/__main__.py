"""``python -m nianbao``: the same as the ``nianbao`` command."""

from nianbao.cli import run

if __name__ == "__main__":
    run()
