"""nianbao: find, archive, clean and parse China's county government-information-disclosure annual reports."""

__version__ = "0.1.0"
