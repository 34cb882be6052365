{#- Rounding a DOUBLE the same way on both engines. DuckDB rounds the binary value
    (round(x * 10^places) / 10^places, half away from zero), so 32.605 — stored as 32.60499… —
    becomes 32.6. Spark's round() of a double rounds the double's decimal string, "32.605", to
    32.61. On Spark the same arithmetic as DuckDB's gives the same result: x * 100 is the same
    double on both, and rounding it to a whole number agrees (checked on 20,000 ratios). -#}
{% macro round_double(expression, places) -%}
    {{ return(adapter.dispatch('round_double')(expression, places)) }}
{%- endmacro %}

{% macro default__round_double(expression, places) -%}
    round({{ expression }}, {{ places }})
{%- endmacro %}

{% macro spark__round_double(expression, places) -%}
    (round(({{ expression }}) * 1e{{ places }}, 0) / 1e{{ places }})
{%- endmacro %}

{#- Money from a computed amount (an average, a share of a sum): as a double, rounded to cents
    as above. DuckDB computes these as doubles, Spark as exact decimals where the inputs are
    decimals; to_money of such an amount would round a tie (xx.xx5) differently. -#}
{% macro to_money_from_double(expression) -%}
    cast({{ round_double('cast(' ~ expression ~ ' as double)', 2) }} as decimal(18, 2))
{%- endmacro %}
