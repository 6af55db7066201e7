"""Notebooks shipped with the toolkit, installed as package data (workshop.shipped.notebooks)."""
