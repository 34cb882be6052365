{#-
    Staging of landed records (orders, lines, refunds, reviews, email events, social
    interactions) is incremental: each run replaces, on the record's own id, the rows delivered
    since `delivered_since()` (strategy delete+insert: the same result as a merge, but DuckDB's
    MERGE rewrites every matched row in place, ~7x slower for a day's 40k email events on a
    2.6M-row table, measured), and then deletes the rows whose id is no longer in the
    raw table (an erased person, a corrected delivery) with `delete_rows_gone_from_source`. The
    result always equals a full rebuild (`dbt build --full-refresh`), which the tests check.
-#}

{#- The first delivery date to reprocess: `incremental_lookback_days` before the newest
    delivery the model holds (a late or re-delivered file within that window, and a day whose
    dbt step failed, are picked up by the next run without asking), or an explicit first day if
    older: the Dagster job passes the first day of a backfill in KLANTBEELD_DBT_REPROCESS_FROM
    (an environment variable, so dbt need not re-parse the project), a hand-run `dbt build`
    may pass the var `reprocess_from`. -#}
{% macro delivered_since() -%}
    {%- set explicit = var('reprocess_from', none) or env_var('KLANTBEELD_DBT_REPROCESS_FROM', '') -%}
    {%- set newest -%}
        (select coalesce(max(_delivered_on), cast('1970-01-01' as date)) from {{ this }})
    {%- endset -%}
    {%- set window_start = dbt.dateadd('day', -var('incremental_lookback_days'), newest) -%}
    {%- if explicit -%}
        least({{ window_start }}, cast('{{ explicit }}' as date))
    {%- else -%}
        {{ window_start }}
    {%- endif -%}
{%- endmacro %}

{#- Only for an incremental run: a rebuilt table (a full refresh, or staging on Spark, see
    macros/engine_materializations.sql) holds nothing that is gone from the source. -#}
{% macro delete_rows_gone_from_source(source_relation, source_key, model_key) -%}
    {%- if is_incremental() -%}
        delete from {{ this }}
        where not exists (
            select 1 from {{ source_relation }} as landed
            where landed.{{ source_key }} = {{ this }}.{{ model_key }}
        )
    {%- endif -%}
{%- endmacro %}
