"""Article structure: headline, section, bylines, captions, credits and body paragraphs,
with the page furniture that came along set apart rather than thrown away.

`structure.text` reads plain text, `structure.html` web pages; the package imports neither,
so that a module needing one part (the outlet of a URL, say) loads only that."""
