"""Run the web app on the bundled seeds: `python app.py` (indexes them first when needed)."""

from qa.config import Settings
from qa.server import serve

if __name__ == "__main__":
    serve(Settings.from_env())
