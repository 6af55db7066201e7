"""Do-Over workshop toolkit: keynote exercises, the live room, and sales coaching.

Importing the package is deliberately light (no pandas, no matplotlib): attendee kernels
import only what their view needs.
"""

__version__ = "0.1.0"
