"""Sweeps: one run folder per grid point and seed, shared upstream stages, a summary over all points.

``grid`` builds the points (``--grid``, ``--point``, a sweep file) and their folder names; ``run`` drives the
points through the runner (sharing what their input keys allow) and runs the summary notebook; ``summary``
collects every point's results into tables and figures.
"""
