"""What people do, in one place: join, resume, save an answer, record progress, open a step,
publish the room's figures, keep a session's content, import coaching records.

Each service takes the `Store` it works on and the content as arguments. The widget views, the
phones' web pages and the CLI call the same service for the same act, so no two front ends can
drift apart; the rules themselves live in the domain wings (`keynote`, `live`, `coaching`).
"""
