# The two commands of the README. Each does its own set-up (scripts/bootstrap.sh) first.
VENV := .venv/bin
PYTEST_ARGS ?=

.PHONY: demo test setup lint typecheck pytest clean-archive

demo: setup
	$(VENV)/nianbao demo

test: setup lint typecheck pytest

setup:
	@scripts/bootstrap.sh

lint:
	$(VENV)/ruff check .
	$(VENV)/ruff format --check .

typecheck:
	$(VENV)/mypy crawler pipelines nianbao

pytest:
	$(VENV)/pytest $(PYTEST_ARGS)

clean-archive:
	find archive -mindepth 1 ! -name README.md ! -name .gitignore -delete
