"""Building blocks that know no kind of content: YAML, schemas, problems, text rules, templates, links, files."""
