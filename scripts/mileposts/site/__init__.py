"""The site: finished pages from data and docs/, markers, search words, exports, the offline copy, staging."""
