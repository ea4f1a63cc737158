"""Segmentation: is this page one article or a listing of several, and where is each one?

A listing is found from its repeated shape, never from a site's words: a *header group* is a short
run of label lines holding a date (source, "20 hours ago", "- Business", title) right before prose;
two or more groups with the same role signature, each followed by a real body, make a listing.
Each group's lines become that item's metadata and leave the body text.
"""

from cleaner.segment.article import body_start, header_meta, segment_article, titleish
from cleaner.segment.groups import find_groups, listing_groups, signature
from cleaner.segment.listing import group_meta, segment_listing
from cleaner.segment.shapes import Group, byline_like, is_label, names_line, opens_input

__all__ = [
    "Group",
    "body_start",
    "byline_like",
    "find_groups",
    "group_meta",
    "header_meta",
    "is_label",
    "listing_groups",
    "names_line",
    "opens_input",
    "segment_article",
    "segment_listing",
    "signature",
    "titleish",
]
