"""The evidence dossier (issue 12, item 6): one ZIP an attorney takes to court.

- ``collect``: what goes in (an incident's, or a case's incidents' evidence and
  report media; responders' pseudonyms);
- ``summary``: the PDF summary (WeasyPrint, nothing fetched from outside);
- ``archive``: the ZIP, streamed file by file, its signed manifest and the chain of custody;
- ``verify``: the check ``manage.py verify_dossier`` runs.

The format is described in docs/dossier.md.
"""
