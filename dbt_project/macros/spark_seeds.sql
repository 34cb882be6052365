{#- dbt-spark's session seeds put each value between quotes without escaping it, so "Can't Lose
    Them" (seeds/rfm_segments.csv) breaks the insert; and Spark does not read a doubled quote
    as SQL's escaped one (it joins 'Can''t' into "Cant"). Here every value is a literal with
    Spark's backslash escapes, and an empty cell is null, as on DuckDB. Inserts of 1,000 rows
    (country_names has some 15,000), as dbt's own load_csv_rows batches; like it, the first
    statement is returned for the seed's log. -#}
{% macro spark__load_csv_rows(model, agate_table) -%}
    {%- set column_override = model['config'].get('column_types', {}) -%}
    {%- set rows = [] -%}
    {%- for row in agate_table.rows -%}
        {%- set values = [] -%}
        {%- for value in row -%}
            {%- set column = agate_table.column_names[loop.index0] -%}
            {%- set type = column_override.get(column, adapter.convert_type(agate_table, loop.index0)) -%}
            {%- if value is none -%}
                {%- do values.append('cast(null as ' ~ type ~ ')') -%}
            {%- else -%}
                {%- set text = value | string | replace('\\', '\\\\') | replace("'", "\\'") -%}
                {%- do values.append("cast('" ~ text ~ "' as " ~ type ~ ")") -%}
            {%- endif -%}
        {%- endfor -%}
        {%- do rows.append('(' ~ values | join(', ') ~ ')') -%}
    {%- endfor -%}
    {%- set statements = [] -%}
    {%- for chunk in rows | batch(1000) -%}
        {%- set sql = 'insert into ' ~ this.render() ~ ' values ' ~ chunk | join(', ') -%}
        {%- do adapter.add_query(sql, abridge_sql_log=True) -%}
        {%- do statements.append(sql) -%}
    {%- endfor -%}
    {{ return(statements[0] if statements else '') }}
{%- endmacro %}
