"""Knowledge-base search: markdown folder in, ranked sections and answers out."""

from .engine import KnowledgeBase
from .lang import detect_language
from .models import KbAnswer, KbIssue, SearchHit

__all__ = ["KbAnswer", "KbIssue", "KnowledgeBase", "SearchHit", "detect_language"]
