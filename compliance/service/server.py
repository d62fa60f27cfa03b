"""Running the service with uvicorn (called by `compliance serve`)."""
from __future__ import annotations

import os
from typing import Optional


def serve(host: str = "127.0.0.1", port: int = 8000, *, library: Optional[str] = None, db: Optional[str] = None,
          workers: int = 1) -> None:
    """Open (and migrate) the library once, then serve until interrupted. The settings reach every
    worker process through COMPLIANCE_LIBRARY / COMPLIANCE_DB."""
    import uvicorn

    from compliance.library import Library

    Library(library).close()          # errors (bad URL, newer schema) are reported before serving
    if library:
        os.environ["COMPLIANCE_LIBRARY"] = library
    if db:
        os.environ["COMPLIANCE_DB"] = db
    os.environ.setdefault("COMPLIANCE_GC_FREEZE", "1")
    uvicorn.run("compliance.service.app:create_app", factory=True, host=host, port=port, workers=workers,
                log_level="warning", access_log=False)
