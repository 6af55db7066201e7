"""Content sets shipped with the toolkit, installed as package data (workshop.shipped.content).

Each folder is one complete set; `workshop init --from` copies one to start your own.
"""
