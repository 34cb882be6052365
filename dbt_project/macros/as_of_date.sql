{#- The date the analytics are computed as of. The Dagster job passes the run's date (or
    KLANTBEELD_AS_OF_DATE) as the var `as_of_date`; a plain `dbt build` uses today (UTC). -#}
{% macro as_of_date() -%}
    cast('{{ var("as_of_date", none) or run_started_at.strftime("%Y-%m-%d") }}' as date)
{%- endmacro %}
