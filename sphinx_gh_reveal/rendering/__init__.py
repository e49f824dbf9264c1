"""Tokens to docutils nodes, for courses (the MyST renderer, extended)."""

from .course import CourseRenderer

__all__ = ["CourseRenderer"]
