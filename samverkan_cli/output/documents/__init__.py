"""Reports: template contexts, Jinja environments and PDF output."""
