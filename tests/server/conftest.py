"""The server tests' own fixtures: nginx, which the tests of several processes put in front."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def nginx() -> str:
    """Debian's nginx; missing, the test skips, unless WORKSHOP_REQUIRE_NGINX=1 (CI) fails it."""
    found = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(found).is_file():
        reason = "nginx is not installed (apt-get install -y nginx)"
        if os.environ.get("WORKSHOP_REQUIRE_NGINX") == "1":
            pytest.fail(f"{reason}; WORKSHOP_REQUIRE_NGINX=1 makes this a failure", pytrace=False)
        pytest.skip(reason)
    return found
