{#- dbt on Spark reads its sources from Parquet copies of the DuckDB warehouse's tables
    (pipelines/transform/spark_handoff.py writes them to <KLANTBEELD_SPARK_SOURCES>/<schema>/
    <table>/). Run on start: each becomes a Spark table of the source's own schema and name, so
    the models' `source()` calls resolve as on DuckDB. Drop and create rather than `if not
    exists`: a new hand-off may bring new columns, and dropping a table over an external
    location leaves its files alone. On DuckDB the sources are tables already: nothing to do. -#}
{% macro register_parquet_sources() -%}
    {{ return(adapter.dispatch('register_parquet_sources')()) }}
{%- endmacro %}

{% macro default__register_parquet_sources() -%}
    {{ return('') }}
{%- endmacro %}

{% macro spark__register_parquet_sources() -%}
    {%- if execute -%}
        {%- set folder = env_var('KLANTBEELD_SPARK_SOURCES', '') -%}
        {%- if not folder -%}
            {{ exceptions.raise_compiler_error(
                "KLANTBEELD_SPARK_SOURCES is not set: point it at the Parquet hand-off of the "
                ~ "DuckDB warehouse (`klantbeeld spark-handoff`, docs/spark.md)"
            ) }}
        {%- endif -%}
        {%- set tables = [] -%}
        {%- for source in graph.sources.values() -%}
            {%- do tables.append((source.schema, source.identifier)) -%}
        {%- endfor -%}
        {%- for schema, table in tables | unique | list -%}
            {%- do run_query('create schema if not exists ' ~ schema) -%}
            {%- do run_query('drop table if exists ' ~ schema ~ '.' ~ table) -%}
            {%- do run_query(
                'create table ' ~ schema ~ '.' ~ table ~ " using parquet location '"
                ~ folder ~ '/' ~ schema ~ '/' ~ table ~ "'"
            ) -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return('') }}
{%- endmacro %}
