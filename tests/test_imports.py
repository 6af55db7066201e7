"""Attendee kernels stay light: no pandas at all, matplotlib only once a chart is drawn.

Each check runs in a fresh interpreter, so what other tests imported cannot hide a regression.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

HEAVY = ("pandas", "matplotlib", "numpy", "PIL")

SCRIPT = """
import json, sys
heavy = {heavy!r}

def loaded():
    return sorted(h for h in heavy if h in sys.modules)

stages = {{}}
import workshop
stages["import workshop"] = loaded()
from workshop.ui.keynote.balance import BalanceView, balance_view
from workshop.ui.keynote.do_over import DoOverView, do_over_view
from workshop.ui.keynote.context import AttendeeContext
stages["import the views"] = loaded()
context = AttendeeContext.from_environment()
balance_page = balance_view(context)
do_over_page = do_over_view(context)
view = BalanceView(context)
DoOverView(context).blocks["professional"].answer.value = "an answer, saved"
stages["build balance and do-over"] = loaded()
view.buttons["career"].value = 5
stages["first rating draws the wheel"] = loaded()
stages["wheel bytes"] = [str(len(view.wheel.value))]
print(json.dumps(stages))
"""


def test_views_import_no_pandas_and_matplotlib_only_for_a_chart(tmp_path: Path) -> None:
    env = {**os.environ, "WORKSHOP_DB": str(tmp_path / "imports.db")}
    env.pop("SERVER_SOFTWARE", None)
    env.pop("QUERY_STRING", None)
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT.format(heavy=HEAVY)],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    stages = json.loads(result.stdout.strip().splitlines()[-1])

    assert stages["import workshop"] == []
    assert stages["import the views"] == []
    assert stages["build balance and do-over"] == []
    assert "matplotlib" in stages["first rating draws the wheel"]
    assert "pandas" not in stages["first rating draws the wheel"]
    assert int(stages["wheel bytes"][0]) > 1000
    assert not (tmp_path / "workshop.db").exists()  # WORKSHOP_DB was honoured
    assert (tmp_path / "imports.db").exists()
