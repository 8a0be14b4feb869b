"""Working days and cycles: the Chinese holiday calendar with 调休, State Council holiday notices, reporting
cycles. Depends on :mod:`zhengce.text` only.

Modules: ``workdays`` (is_workday, add_working_days, working_days_between, official overlays), ``holidays``
(reading a 放假安排 notice), ``cycles`` (reporting cycles and their due days).
"""
