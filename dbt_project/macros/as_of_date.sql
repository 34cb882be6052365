{#- The date the analytics are computed as of. The Dagster job passes the run's analysis date
    (by default the end of the data, decided once per run: pipelines/analysis_date.py) in the
    environment variable KLANTBEELD_DBT_AS_OF_DATE rather than as a var: new --vars make dbt
    re-parse the whole project, and an environment variable read only when executing (never
    while parsing) makes it re-parse nothing. The var `as_of_date` (dbt unit tests, a hand-run
    `dbt build --vars`) wins; a plain `dbt build` uses today (UTC). -#}
{% macro as_of_date() -%}
    {%- set from_run = env_var('KLANTBEELD_DBT_AS_OF_DATE', '') if execute else '' -%}
    cast('{{ var("as_of_date", none) or from_run or run_started_at.strftime("%Y-%m-%d") }}' as date)
{%- endmacro %}
