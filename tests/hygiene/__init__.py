"""Input hygiene and API strictness: control characters, blank texts, dates, BSN, media types, caches."""
