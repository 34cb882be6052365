{#- dbt-spark's listagg (collect_list + array_join) drops its `order by`, so a list such as
    categories_purchased came out in whatever order the shuffle left it. Spark 4's native
    `listagg ... within group (order by ...)` keeps the order, as DuckDB's string_agg does. With
    DISTINCT that form crashes Spark 4.3's optimiser (ClassCastException in
    RewriteDistinctAggregates), so a distinct list ordered by its own values is the sorted set
    instead (null when there is none, as listagg). Found by dispatch before dbt-spark's own:
    the root project comes first. -#}
{% macro spark__listagg(measure, delimiter_text, order_by_clause, limit_num) -%}
    {%- if limit_num -%}
        {{ exceptions.raise_compiler_error("listagg on Spark: limit_num is not supported") }}
    {%- endif -%}
    {%- if measure.startswith('distinct ') -%}
        {%- set column = measure[9:] | trim -%}
        {%- if order_by_clause | trim != 'order by ' ~ column -%}
            {{ exceptions.raise_compiler_error(
                "listagg on Spark: a distinct list can only be ordered by its own values, got "
                ~ order_by_clause
            ) }}
        {%- endif -%}
        case when count({{ column }}) > 0 then
            array_join(array_sort(collect_set({{ column }})), {{ delimiter_text }})
        end
    {%- else -%}
        listagg({{ measure }}, {{ delimiter_text }})
        {%- if order_by_clause %} within group ({{ order_by_clause }}){% endif %}
    {%- endif -%}
{%- endmacro %}
