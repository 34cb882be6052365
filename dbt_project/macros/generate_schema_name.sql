{#- Use the folder's schema as given (`marts`, not `main_marts`): BI tools and the published
    copy address `marts.customer_360`. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
