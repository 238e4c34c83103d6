"""Evaluation views: thin; parse input, call one service, render or redirect."""
