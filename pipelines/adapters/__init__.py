"""Bring your own exports: read a shop owner's own export files (Shopify, Mailchimp, Klaviyo, a
generic order-lines file) through a config file (``klantbeeld.yml``: a preset per source plus
column mappings and defaults) and write them into the landing format of docs/sources.md, so that
ingestion, identity, dbt, analytics and publishing stay one path. Rows that cannot be mapped are
kept in ``ops.quarantine`` under the export's own file name and line. See
docs/bring-your-own-data.md.
"""
