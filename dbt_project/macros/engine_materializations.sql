{#- How tables that are updated in place are updated, per engine. DuckDB deletes and inserts.
    Spark's own tables here are plain Parquet (Delta or Iceberg would need jars this machine
    cannot download), which can neither DELETE nor MERGE: Spark rebuilds them or overwrites
    whole partitions instead, which gives the same rows. -#}

{#- Staging of landed records: incremental delete+insert on DuckDB (macros/
    incremental_deliveries.sql), rebuilt on every run on Spark — the incremental result always
    equals a full rebuild, which the tests check on DuckDB. -#}
{% macro landed_records_materialization() -%}
    {{ return(adapter.dispatch('landed_records_materialization')()) }}
{%- endmacro %}

{% macro default__landed_records_materialization() -%}
    {{ return('incremental') }}
{%- endmacro %}

{% macro spark__landed_records_materialization() -%}
    {{ return('table') }}
{%- endmacro %}

{#- A model rebuilt one partition (a week) at a time: DuckDB deletes the partition's rows and
    inserts them again; Spark partitions the table by that column and overwrites the
    partitions the run's rows fall in (`insert_overwrite`). On Spark the partition column comes
    last in the table. -#}
{% macro partition_replacing_strategy() -%}
    {{ return(adapter.dispatch('partition_replacing_strategy')()) }}
{%- endmacro %}

{% macro default__partition_replacing_strategy() -%}
    {{ return('delete+insert') }}
{%- endmacro %}

{% macro spark__partition_replacing_strategy() -%}
    {{ return('insert_overwrite') }}
{%- endmacro %}

{% macro partitioned_on_engines_that_need_it(column) -%}
    {{ return(adapter.dispatch('partitioned_on_engines_that_need_it')(column)) }}
{%- endmacro %}

{% macro default__partitioned_on_engines_that_need_it(column) -%}
    {{ return(none) }}
{%- endmacro %}

{% macro spark__partitioned_on_engines_that_need_it(column) -%}
    {{ return([column]) }}
{%- endmacro %}
