"""No telemetry: the environment that keeps Gradio and the Hugging Face hub from calling home,
set on import; qa.web imports it before gradio (docs/SECURITY.md, test_offline.py)."""

import os

# Gradio's analytics and version check read this variable, not the Blocks' flag alone
# (gradio/analytics.py); the hub's telemetry reads its own.
os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
os.environ["HF_HUB_DISABLE_TELEMETRY"] = "1"
