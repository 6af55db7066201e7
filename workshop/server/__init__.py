"""The live server: many attendees in one process, on Solara's virtual kernels.

`serve` prepares the session and runs the server; `app` is the HTTP application (the pages,
the facilitator's sign-in, static files); `pages` is what each page shows; `hub` follows the
room once per process; `gates` limit how often a client may try things; `settings` configures
Solara so that nothing leaves the machine.
"""
