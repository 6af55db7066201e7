"""The page of `benchmarks._one_widget`: one ipywidgets button, laid out as the room's pages are.

Solara imports this module (SOLARA_APP) once the server is configured: it must not be imported
before then.
"""

from __future__ import annotations

import os

import ipywidgets as widgets
import solara

from workshop.server.pages import Layout

#: The button's label: the attendee page's Join button's, so one readiness check fits both.
LABEL_ENV = "BENCH_BUTTON_LABEL"


@solara.component
def OneButton() -> None:
    button = solara.use_memo(
        lambda: widgets.Button(description=os.environ.get(LABEL_ENV, "Join")), dependencies=[]
    )
    solara.display(button)


routes = [solara.Route(path="/", component=OneButton, layout=Layout)]
