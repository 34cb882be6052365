"""The HTML insight report: charts of the roll-ups and insight marts, from the published copy."""
